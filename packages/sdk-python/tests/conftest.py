"""One live server per test session (fresh data dir, free port, bootstrap key); a fresh tenant per test.

Set PERSON_RUN_TEST_BASE_URL and PERSON_RUN_TEST_ADMIN_KEY to run against a server started elsewhere
(an instance admin key); otherwise this starts `node apps/api/bin/person-run.mjs serve` itself.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from typing import Dict, Iterator, Tuple

import pytest

SDK_ROOT = pathlib.Path(__file__).resolve().parent.parent
REPO_ROOT = SDK_ROOT.parent.parent
sys.path.insert(0, str(SDK_ROOT))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from person_run import PersonRun  # noqa: E402

from fault_proxy import FaultProxy  # noqa: E402

BOOT_KEY = "pr_live_sdkpy" + uuid.uuid4().hex
_NOT_INHERITED = {
    "DATABASE_URL",
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "AI_GATEWAY_API_KEY",
    "OPENAI_COMPATIBLE_BASE_URL",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_ready(url: str, proc: "subprocess.Popen[bytes]", log: pathlib.Path, seconds: float = 180.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url + "/health", timeout=5) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"server not ready after {seconds} s:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def server() -> Iterator[Tuple[str, str]]:
    """`(base_url, instance_admin_key)` of the live server."""
    external = os.environ.get("PERSON_RUN_TEST_BASE_URL")
    if external:
        yield external.rstrip("/"), os.environ["PERSON_RUN_TEST_ADMIN_KEY"]
        return
    work = tempfile.mkdtemp(prefix="sdk-python-")
    data_dir = os.path.join(work, "data")  # the server wants an empty or new directory
    log = pathlib.Path(work) / "server.log"
    port = _free_port()
    # Embedded and offline whatever the caller's shell holds: no PostgreSQL, no model provider.
    inherited = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
    env = {
        **inherited,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "DATA_DIR": data_dir,
        "PERSON_RUN_BOOTSTRAP_TENANT": "sdk-python-admin",
        "PERSON_RUN_BOOTSTRAP_KEY": BOOT_KEY,
        "RATE_LIMIT_PER_MINUTE": "10000000",
        "LOG_LEVEL": "warn",
    }
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            ["node", "apps/api/bin/person-run.mjs", "serve"],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, proc, log)
        yield url, BOOT_KEY
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="session")
def admin(server: Tuple[str, str]) -> PersonRun:
    base_url, key = server
    return PersonRun(key, base_url=base_url)


def new_tenant(admin: PersonRun) -> Dict[str, str]:
    tid = "sdkpy-" + uuid.uuid4().hex[:16]
    created = admin.tenants.create(tid, name="SDK test " + tid)
    return {"tenant_id": tid, "key": str(created["secret"])}


@pytest.fixture()
def tenant(admin: PersonRun) -> Dict[str, str]:
    """A fresh tenant: `{tenant_id, key}` (its owner key)."""
    return new_tenant(admin)


@pytest.fixture()
def client(server: Tuple[str, str], tenant: Dict[str, str]) -> PersonRun:
    """A client of a fresh tenant, with the tenant id set once."""
    return PersonRun(tenant["key"], base_url=server[0], tenant_id=tenant["tenant_id"])


@pytest.fixture()
def proxy(server: Tuple[str, str]) -> Iterator[FaultProxy]:
    """A fault-injecting proxy in front of the live server."""
    p = FaultProxy(server[0])
    try:
        yield p
    finally:
        p.close()


SEEDS = [
    {"firstName": "Ada", "lastName": "Lovelace", "age": 34, "location": "Austin, TX", "baseOccupation": "nurse"},
    {"firstName": "Ben", "lastName": "Okafor", "age": 61, "location": "Boston, MA", "baseOccupation": "teacher"},
    {"firstName": "Cleo", "lastName": "Ruiz", "age": 27, "location": "Denver, CO", "baseOccupation": "designer"},
]


def seed(i: int = 0, **over: object) -> Dict[str, object]:
    return {**SEEDS[i % len(SEEDS)], **over}
