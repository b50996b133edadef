"""One truth: every operation of the live server's /openapi.json has an SDK method, and the committed
TypedDicts are what the generator makes of that spec."""

from __future__ import annotations

import importlib.util
import json
import pathlib
import urllib.request
from typing import Any, Dict, Tuple

import pytest

from person_run import OPERATIONS, PersonRun

SDK_ROOT = pathlib.Path(__file__).resolve().parent.parent
METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def spec(server: Tuple[str, str]) -> Dict[str, Any]:
    with urllib.request.urlopen(server[0] + "/openapi.json", timeout=30) as resp:
        return json.loads(resp.read().decode("utf-8"))


def _operation_ids(spec: Dict[str, Any]) -> Dict[str, str]:
    ids = {}
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method in METHODS:
                ids[op["operationId"]] = f"{method.upper()} {path}"
    return ids


def _resolve(client: PersonRun, dotted: str) -> Any:
    target: Any = client
    for part in dotted.split("."):
        target = getattr(target, part)
    return target


def test_every_operation_has_a_method(spec: Dict[str, Any]) -> None:
    ids = _operation_ids(spec)
    assert len(ids) > 50
    missing = sorted(f"{op} ({route})" for op, route in ids.items() if op not in OPERATIONS)
    assert missing == [], f"operations without an SDK method: {missing}"


def test_every_mapped_method_exists_and_names_a_live_operation(spec: Dict[str, Any]) -> None:
    ids = _operation_ids(spec)
    stale = sorted(op for op in OPERATIONS if op not in ids)
    assert stale == [], f"mapped operations the server no longer has: {stale}"
    client = PersonRun("pr_live_unused", base_url="http://127.0.0.1:9")
    absent = []
    for op, dotted in OPERATIONS.items():
        try:
            if not callable(_resolve(client, dotted)):
                absent.append(f"{op} -> {dotted}")
        except AttributeError:
            absent.append(f"{op} -> {dotted}")
    assert absent == [], f"mapped methods that do not exist: {absent}"


def test_committed_types_match_the_spec(spec: Dict[str, Any]) -> None:
    loaded = importlib.util.spec_from_file_location("generate_types", SDK_ROOT / "scripts" / "generate_types.py")
    assert loaded is not None and loaded.loader is not None
    generator = importlib.util.module_from_spec(loaded)
    loaded.loader.exec_module(generator)
    committed = (SDK_ROOT / "person_run" / "_types.py").read_text(encoding="utf-8")
    assert generator.render(spec) == committed, (
        "person_run/_types.py is stale: python3 packages/sdk-python/scripts/generate_types.py <server>/openapi.json"
    )
