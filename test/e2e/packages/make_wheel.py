"""Builds a pure-Python wheel (PEP 427) from one of the tiny test projects here, with the standard
library only (the host Python has no `wheel` package, and PyPI is unreachable). Usage:
    python3 make_wheel.py PROJECT_DIR OUT_DIR      -> prints the wheel's file name
The project's pyproject.toml gives name, version and dependencies; its one package directory is the code.
"""
import base64
import hashlib
import sys
import tomllib
import zipfile
from pathlib import Path


def main(project: Path, out: Path) -> None:
    meta = tomllib.loads((project / "pyproject.toml").read_text())["project"]
    name, version = meta["name"], meta["version"]
    dist = name.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    files: list[tuple[str, bytes]] = []
    for path in sorted((project / dist).rglob("*.py")):
        files.append((path.relative_to(project).as_posix(), path.read_bytes()))
    metadata = [f"Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    metadata += [f"Requires-Dist: {dep}" for dep in meta.get("dependencies", [])]
    files.append((f"{info}/METADATA", ("\n".join(metadata) + "\n").encode()))
    files.append((f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: flyimgc-e2e\nRoot-Is-Purelib: true\nTag: py3-none-any\n"))
    record = []
    for path, data in files:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{info}/RECORD,,")
    files.append((f"{info}/RECORD", ("\n".join(record) + "\n").encode()))
    out.mkdir(parents=True, exist_ok=True)
    wheel = out / f"{dist}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, data in files:
            zf.writestr(zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0)), data)
    print(wheel.name)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
