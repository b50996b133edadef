"""Writes person_run/_types.py: one TypedDict per object schema of the server's /openapi.json.

    python3 packages/sdk-python/scripts/generate_types.py http://127.0.0.1:8080/openapi.json
    python3 packages/sdk-python/scripts/generate_types.py spec.json

The test suite regenerates the text from the live server's spec and fails if the committed file differs.
"""

from __future__ import annotations

import json
import keyword
import pathlib
import sys
import urllib.request
from typing import Any, Dict, List

HEADER = '''"""Response and request shapes, generated from /openapi.json by scripts/generate_types.py. Do not edit."""

# ruff: noqa: E501
from typing import Any, Dict, List, Literal, Optional, TypedDict, Union

'''

TARGET = pathlib.Path(__file__).resolve().parent.parent / "person_run" / "_types.py"


def py_type(schema: Dict[str, Any]) -> str:
    if "$ref" in schema:
        return repr(schema["$ref"].rsplit("/", 1)[-1])
    for combo in ("anyOf", "oneOf"):
        if combo in schema:
            parts = _unique([py_type(s) for s in schema[combo]])
            return _union(parts)
    if "allOf" in schema:
        return py_type(schema["allOf"][0]) if len(schema["allOf"]) == 1 else "Dict[str, Any]"
    if "const" in schema:
        return f"Literal[{schema['const']!r}]"
    if "enum" in schema:
        values = [v for v in schema["enum"] if v is not None]
        lit = f"Literal[{', '.join(repr(v) for v in values)}]" if values else "None"
        return f"Optional[{lit}]" if None in schema["enum"] else lit
    kind = schema.get("type")
    if isinstance(kind, list):
        parts = _unique([py_type({**schema, "type": k}) for k in kind])
        return _union(parts)
    if kind == "string":
        return "str"
    if kind == "integer":
        return "int"
    if kind == "number":
        return "float"
    if kind == "boolean":
        return "bool"
    if kind == "null":
        return "None"
    if kind == "array":
        return f"List[{py_type(schema.get('items', {}))}]"
    if kind == "object":
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and extra and not schema.get("properties"):
            return f"Dict[str, {py_type(extra)}]"
        return "Dict[str, Any]"
    return "Any"


def _unique(parts: List[str]) -> List[str]:
    out: List[str] = []
    for p in parts:
        if p not in out:
            out.append(p)
    return out


def _union(parts: List[str]) -> str:
    has_none = "None" in parts
    rest = [p for p in parts if p != "None"]
    if "Any" in rest:
        return "Any"
    inner = rest[0] if len(rest) == 1 else f"Union[{', '.join(rest)}]" if rest else "None"
    return f"Optional[{inner}]" if has_none and rest else inner


def render(spec: Dict[str, Any]) -> str:
    schemas: Dict[str, Any] = spec["components"]["schemas"]
    out = [HEADER]
    names = sorted(schemas)
    for name in names:
        schema = schemas[name]
        props = schema.get("properties")
        doc = (schema.get("description") or "").strip().replace("\n", " ")
        if props is None:
            out.append(f"{name} = {py_type(schema)}\n")
            if doc:
                out.append(f"# {name}: {doc}\n")
            out.append("\n")
            continue
        fields = ", ".join(f"{json.dumps(k)}: {py_type(v)}" for k, v in props.items())
        # Functional form: property names such as `from` are Python keywords.
        out.append(f"{name} = TypedDict({name!r}, {{{fields}}}, total=False)\n")
        if doc:
            out.append(f"# {name}: {doc}\n")
        out.append("\n")
    out.append(f"__all__ = {json.dumps(names)}\n")
    assert not any(keyword.iskeyword(n) for n in names)
    return "".join(out)


def load(source: str) -> Dict[str, Any]:
    if source.startswith("http://") or source.startswith("https://"):
        with urllib.request.urlopen(source, timeout=30) as resp:
            return json.loads(resp.read().decode("utf-8"))
    return json.loads(pathlib.Path(source).read_text(encoding="utf-8"))


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    TARGET.write_text(render(load(sys.argv[1])), encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
