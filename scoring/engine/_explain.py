"""The explanation object: built only from the scorer's facts, so it never claims what it cannot quote.

Every strength names a requirement that was MET with a quoted CV span (or the closest role title the CV
states); every gap names a requirement and what was (not) found.  The summary paragraph is assembled
from the same facts.  ``components`` restates the breakdown as contributions in points, so a reader can
see what moved the score.
"""

from __future__ import annotations

COMPONENT_LABELS = {
    "requiredSkills": "Must-have skills",
    "niceToHaveSkills": "Nice-to-have skills",
    "certifications": "Certifications",
    "semanticSimilarity": "Meaning of the CV vs the job (embeddings)",
    "textSimilarity": "Shared vocabulary with the job description",
    "titleFit": "Role titles and seniority",
    "experience": "Years of experience",
    "education": "Education level",
    "languages": "Languages",
}
_TOP = 5


def label_for(score: int) -> str:
    """The band a score falls in."""
    if score >= 75:
        return "Strong match"
    if score >= 55:
        return "Good match"
    if score >= 35:
        return "Partial match"
    return "Weak match"


def _names(items: list[dict], limit: int = _TOP) -> str:
    names = [i["requirement"] for i in items]
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _asked(item: dict) -> str:
    """What a requirement asks for, in a gap: "any of PHP, Python or Go" for a choice."""
    return f"any of {item['requirement']}" if item.get("anyOf") else item["requirement"]


def explain(
    *,
    score: int,
    items: list[dict],
    breakdown: dict[str, dict],
    knockouts: list[dict],
    integrity: list[dict],
    skills_derived: bool,
) -> dict:
    """Assemble the explanation object (see the module docstring)."""
    by_weight = sorted(items, key=lambda i: (-i["weight"], i["requirement"]))
    strengths: list[dict] = []
    gaps: list[dict] = []
    for item in by_weight:
        if item["verdict"] == "MET" and (item["evidence"] or item["match"] == "document"):
            quote = item["evidence"][0]["text"] if item["evidence"] else None
            strengths.append({"requirementId": item["id"], "text": f"{item['requirement']}", "quote": quote})
        elif item["verdict"] == "MISSING" and item["kind"] == "MUST_HAVE":
            gaps.append({"requirementId": item["id"], "text": f"No evidence of {_asked(item)}"})
        elif item["verdict"] == "PARTIAL" and item["kind"] == "MUST_HAVE":
            gaps.append(
                {
                    "requirementId": item["id"],
                    "text": f"{item['requirement']}: {item['note'] or 'partly met'}",
                }
            )
    for item in by_weight:
        if item["verdict"] == "MISSING" and item["kind"] == "NICE_TO_HAVE" and len(gaps) < 2 * _TOP:
            gaps.append(
                {"requirementId": item["id"], "text": f"No evidence of {_asked(item)} (nice to have)"}
            )
    title = breakdown.get("titleFit", {})
    if title.get("closestTitle") and title.get("score", 0) >= 0.6:
        strengths.append(
            {"requirementId": None, "text": "Closest role title in the CV", "quote": title["closestTitle"]}
        )

    components = [
        {
            "name": key,
            "label": COMPONENT_LABELS.get(key, key),
            "score": value["score"],
            "weight": value["weight"],
            "points": round(100 * value["score"] * value["weight"], 1),
        }
        for key, value in breakdown.items()
    ]

    parts: list[str] = []
    for kind, noun in (("MUST_HAVE", "must-have"), ("NICE_TO_HAVE", "nice-to-have")):
        skills = [i for i in items if i["category"] == "skill" and i["kind"] == kind]
        if not skills:
            continue
        met = [i for i in skills if i["verdict"] == "MET"]
        partial = [i for i in skills if i["verdict"] == "PARTIAL"]
        what = (
            "skills named in the job description"
            if kind == "NICE_TO_HAVE" and skills_derived
            else f"{noun} skills"
        )
        sentence = f"shows {len(met)} of {len(skills)} {what} in use"
        if met:
            sentence += f" ({_names(met)})"
        if partial:
            sentence += f", {len(partial)} more only listed or implied ({_names(partial, 3)})"
        parts.append(sentence)
    for item in items:
        if item["category"] in ("experience", "education") and item["note"]:
            parts.append(f"{item['requirement'].lower()}: {item['note'].lower()} ({item['verdict'].lower()})")
    languages = [i for i in items if i["category"] == "language"]
    if languages:
        ok = [i for i in languages if i["verdict"] != "MISSING"]
        parts.append(f"{len(ok)} of {len(languages)} required languages")
    if title.get("closestTitle"):
        parts.append(f"closest role title \u201c{title['closestTitle']}\u201d")
    label = label_for(score)
    summary = f"{label} ({score}/100)" + (": " + "; ".join(parts) + "." if parts else ".")
    if knockouts:
        summary += f" Capped because a knock-out requirement is missing: {_names(knockouts)}."
    if integrity:
        summary += " Parts of the CV were ignored as attempts to game the score (see integrity)."
    return {
        "summary": summary,
        "label": label,
        "requirements": items,
        "components": components,
        "strengths": strengths[: 2 * _TOP],
        "gaps": gaps[: 2 * _TOP],
        "knockOuts": [{"requirementId": i["id"], "requirement": i["requirement"]} for i in knockouts],
        "integrity": integrity,
    }
