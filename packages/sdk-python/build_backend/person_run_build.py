"""A PEP 517/660 build backend in the standard library only, kept in the source tree.

Why: `pip install packages/sdk-python` must work on a machine that reaches no package registry.
setuptools 65 (what CPython's ensurepip brings up to 3.11) cannot build a wheel without the `wheel`
package, which is not installed by default, and build isolation would try to download both. This
backend needs nothing: it zips `person_run/` with its `dist-info`, as flit_core does when it builds
itself. Metadata comes from pyproject.toml.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import pathlib
import re
import tarfile
import zipfile
from typing import Any, Dict, List, Optional, Tuple

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGE = "person_run"


def _project() -> Dict[str, Any]:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    try:
        import tomllib  # type: ignore[import-not-found,unused-ignore]

        return dict(tomllib.loads(text)["project"])
    except ImportError:  # Python < 3.11: the few flat string fields we need
        section = text.split("[project]", 1)[1].split("\n[", 1)[0]
        return {k: v for k, v in re.findall(r'^([\w-]+)\s*=\s*"([^"]*)"', section, re.M)}


def _names() -> Tuple[str, str]:
    project = _project()
    return re.sub(r"[-_.]+", "_", project["name"]), project["version"]


def _metadata() -> str:
    p = _project()
    lines = ["Metadata-Version: 2.1", f"Name: {p['name']}", f"Version: {p['version']}"]
    if p.get("description"):
        lines.append(f"Summary: {p['description']}")
    if p.get("requires-python"):
        lines.append(f"Requires-Python: {p['requires-python']}")
    lines.append("Provides-Extra: pandas")
    lines.append('Requires-Dist: pandas; extra == "pandas"')
    readme = ROOT / "README.md"
    if readme.exists():
        lines.append("Description-Content-Type: text/markdown")
        return "\n".join(lines) + "\n\n" + readme.read_text(encoding="utf-8")
    return "\n".join(lines) + "\n"


def _package_files() -> List[pathlib.Path]:
    src = ROOT / PACKAGE
    return sorted(p for p in src.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")


def _record_line(arcname: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{arcname},sha256={digest},{len(data)}"


def _write_wheel(directory: str, files: List[Tuple[str, bytes]]) -> str:
    dist, version = _names()
    info = f"{dist}-{version}.dist-info"
    wheel_meta = "Wheel-Version: 1.0\nGenerator: person_run_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    files = files + [
        (f"{info}/METADATA", _metadata().encode("utf-8")),
        (f"{info}/WHEEL", wheel_meta.encode("utf-8")),
        (f"{info}/top_level.txt", f"{PACKAGE}\n".encode("utf-8")),
    ]
    record = [_record_line(name, data) for name, data in files] + [f"{info}/RECORD,,"]
    files.append((f"{info}/RECORD", ("\n".join(record) + "\n").encode("utf-8")))
    name = f"{dist}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(directory, name), "w", zipfile.ZIP_DEFLATED) as zf:
        for arcname, data in files:
            zf.writestr(zipfile.ZipInfo(arcname, date_time=(2020, 1, 1, 0, 0, 0)), data)
    return name


def get_requires_for_build_wheel(config_settings: Optional[Dict[str, Any]] = None) -> List[str]:
    return []


get_requires_for_build_sdist = get_requires_for_build_wheel
get_requires_for_build_editable = get_requires_for_build_wheel


def build_wheel(
    wheel_directory: str,
    config_settings: Optional[Dict[str, Any]] = None,
    metadata_directory: Optional[str] = None,
) -> str:
    files = [(p.relative_to(ROOT).as_posix(), p.read_bytes()) for p in _package_files()]
    return _write_wheel(wheel_directory, files)


def build_editable(
    wheel_directory: str,
    config_settings: Optional[Dict[str, Any]] = None,
    metadata_directory: Optional[str] = None,
) -> str:
    """`pip install -e`: a `.pth` file that puts the source tree on `sys.path`."""
    return _write_wheel(wheel_directory, [(f"{PACKAGE}_editable.pth", f"{ROOT}\n".encode("utf-8"))])


def build_sdist(sdist_directory: str, config_settings: Optional[Dict[str, Any]] = None) -> str:
    dist, version = _names()
    base = f"{dist}-{version}"
    extra = ["pyproject.toml", "README.md", "build_backend/person_run_build.py"]
    paths = _package_files() + [ROOT / e for e in extra if (ROOT / e).exists()]
    name = f"{base}.tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for path in paths:
            tar.add(str(path), arcname=f"{base}/{path.relative_to(ROOT).as_posix()}")
        pkg_info = _metadata().encode("utf-8")
        info = tarfile.TarInfo(f"{base}/PKG-INFO")
        info.size = len(pkg_info)
        tar.addfile(info, io.BytesIO(pkg_info))
    return name
