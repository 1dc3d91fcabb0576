"""Helpers the browser tests share: axe-core (vendored from npm by scripts/vendor_assets.py) run in the
page under test, and dragging a board card the way a person does.

axe is evaluated through the DevTools protocol (``page.evaluate``), which the page's CSP does not govern:
the product's pages are audited exactly as users get them, with no script injected into them.
"""

from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
# What a person cannot get past: "serious" and "critical" in axe's words. "minor"/"moderate" are reported.
BLOCKING = ("serious", "critical")


def axe_violations(page) -> list[dict]:
    """The page's accessibility violations (WCAG 2.x A and AA rules, and axe's best practices)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    return page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                           nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
        }"""
    )


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING]


def drag_card(page, name: str, stage: str) -> None:
    """Drag the board card of ``name`` onto the column of ``stage`` by mouse, in small steps: SortableJS
    follows dragover events, not a jump."""
    card = page.locator(f".board__card[data-name='{name}'] .board__card-head").bounding_box()
    target = page.locator(f"[data-stage='{stage}']").bounding_box()
    page.mouse.move(card["x"] + card["width"] - 10, card["y"] + card["height"] / 2)
    page.mouse.down()
    for step in range(1, 16):
        page.mouse.move(
            card["x"] + (target["x"] + 30 - card["x"]) * step / 15,
            card["y"] + (target["y"] + 20 - card["y"]) * step / 15,
        )
        page.wait_for_timeout(30)
    page.mouse.up()


def hide_and_show_tab(page) -> None:
    """What the browser sends when a tab is hidden and shown again: headless Chromium keeps every tab
    "visible" when another is brought to the front, so the tests call this after trying a real switch."""
    page.evaluate(
        """() => {
            Object.defineProperty(document, "visibilityState", {value: "hidden", configurable: true});
            document.dispatchEvent(new Event("visibilitychange"));
            Object.defineProperty(document, "visibilityState", {value: "visible", configurable: true});
            document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )
