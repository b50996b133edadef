"""The README's examples run: the quickstart is executed against the live server, and its table of
operations is the SDK's own map."""

from __future__ import annotations

import contextlib
import io
import pathlib
import re
from typing import Any, Dict, Tuple

import pytest

from person_run import OPERATIONS

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"


def _tagged_block(tag: str) -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"<!-- readme-test: {tag} -->\s*```python\n(.*?)```", text, re.S)
    assert match, f"README.md has no python block tagged {tag}"
    return match.group(1)


def test_quickstart_runs(server: Tuple[str, str], tenant: Dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERSON_API_KEY", tenant["key"])
    monkeypatch.setenv("PERSON_RUN_BASE_URL", server[0])
    namespace: Dict[str, Any] = {"__name__": "readme_quickstart"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(_tagged_block("quickstart"), str(README), "exec"), namespace)
    printed = out.getvalue()
    assert "Maya Chen, 34, based in Austin, TX, works as nurse." in printed
    assert namespace["answer"]["response"] in printed
    assert "3/3 tasks done" in printed
    client = namespace["client"]
    study, run = namespace["study"], namespace["run"]
    assert client.studies.runs.retrieve(study["id"], run["id"])["status"] == "succeeded"
    results = namespace["results"]
    assert [q["questionId"] for q in results["questions"]] == ["likely", "plan"]
    assert results["questions"][0]["overall"]["n"] == 3
    assert len(namespace["csv"].strip().splitlines()) == 1 + 3 * 2


def test_widget_example_runs(server: Tuple[str, str], tenant: Dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERSON_API_KEY", tenant["key"])
    monkeypatch.setenv("PERSON_RUN_BASE_URL", server[0])
    namespace: Dict[str, Any] = {"__name__": "readme_widget"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(_tagged_block("widget"), str(README), "exec"), namespace)
    assert out.getvalue().startswith("Maya\n") and len(out.getvalue()) > len("Maya\n")
    reply = namespace["reply"]
    assert reply["blocked"] is False and reply["streamedText"] == reply["response"]
    assert str(namespace["pk"]).startswith("pk_live_")


def test_readme_table_is_the_operation_map() -> None:
    rows = re.findall(
        r"^\|\s*`(\w+)`\s*\|\s*`[A-Z]+ [^`]+`\s*\|\s*`client\.([\w.]+)\(\)`\s*\|", README.read_text(), re.M
    )
    assert dict(rows) == OPERATIONS
