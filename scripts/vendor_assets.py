#!/usr/bin/env python3
"""Refresh the browser packages the dashboard serves (and axe-core, which the browser tests inject).

Each package comes from the npm registry at the pinned version below (``npm pack`` checks the registry's
integrity hash), and only its minified file and its licence are copied into the repository: the product
has no build step and never loads anything from a CDN. Run from the project root after changing a pin:

    python3 scripts/vendor_assets.py

``VENDORED.txt`` beside the files records each package, version and the sha256 of what was copied.
"""

import hashlib
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "dashboard" / "static" / "dashboard" / "vendor"
TESTS = ROOT / "tests" / "browser" / "vendor"

# (package, version, destination folder, {file in the package: file name here})
PACKAGES = [
    ("htmx.org", "2.0.11", STATIC, {"dist/htmx.min.js": "htmx.min.js", "LICENSE": "htmx.LICENSE.txt"}),
    (
        "chart.js",
        "4.5.1",
        STATIC,
        {"dist/chart.umd.min.js": "chart.umd.min.js", "LICENSE.md": "chart.js.LICENSE.txt"},
    ),
    (
        "sortablejs",
        "1.15.7",
        STATIC,
        {"Sortable.min.js": "Sortable.min.js", "LICENSE": "Sortable.LICENSE.txt"},
    ),
    ("axe-core", "4.11.1", TESTS, {"axe.min.js": "axe.min.js", "LICENSE": "axe-core.LICENSE.txt"}),
]


def vendor(package: str, version: str, destination: Path, files: dict[str, str], workdir: Path) -> list[str]:
    packed = (
        subprocess.run(  # noqa: S603 - our own pinned package names
            [shutil.which("npm") or "npm", "pack", "--silent", f"{package}@{version}"],
            cwd=workdir,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    destination.mkdir(parents=True, exist_ok=True)
    lines = []
    with tarfile.open(workdir / packed) as archive:
        for inner, name in files.items():
            member = archive.extractfile(f"package/{inner}")
            if member is None:
                raise SystemExit(f"{package}@{version} has no {inner}")
            # The source map is not vendored; a dangling reference to it makes the production
            # collectstatic (the hashed manifest) refuse the file.
            data = re.sub(rb"\n//# sourceMappingURL=[^\n]*\n?$", b"\n", member.read())
            (destination / name).write_bytes(data)
            lines.append(f"{package}@{version} {inner} -> {name} sha256:{hashlib.sha256(data).hexdigest()}")
    return lines


def main() -> int:
    if shutil.which("npm") is None:
        print("npm is needed (Node.js from Debian or nodejs.org)", file=sys.stderr)
        return 1
    records: dict[Path, list[str]] = {}
    with tempfile.TemporaryDirectory() as workdir:
        for package, version, destination, files in PACKAGES:
            records.setdefault(destination, []).extend(
                vendor(package, version, destination, files, Path(workdir))
            )
    for destination, lines in records.items():
        header = "# Written by scripts/vendor_assets.py: package@version, file, name here, sha256.\n"
        (destination / "VENDORED.txt").write_text(header + "\n".join(lines) + "\n")
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
