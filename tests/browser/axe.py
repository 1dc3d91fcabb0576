"""axe-core (vendored from npm by scripts/vendor_assets.py) run in the page under test.

The page's CSP forbids injected scripts, so the audit runs in a browser context opened with
``bypass_csp=True``: the product's pages are audited as they are, only the auditor is let in.
"""

from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
# What a person cannot get past: "serious" and "critical" in axe's words. "minor"/"moderate" are reported.
BLOCKING = ("serious", "critical")


def axe_violations(page) -> list[dict]:
    """The page's accessibility violations (WCAG 2.x A and AA rules, and axe's best practices)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                           nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
        }"""
    )
    return result


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING]
