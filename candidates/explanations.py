"""The candidate's view of a score: the employer's explanation without internal fields, plus advice.

A candidate sees what matched (with their own CV's words), what was missing, the knock-outs, how the
points add up and what they could do about the gaps. They do not see rubric ids, weights, match kinds,
offsets or the excerpts integrity checks quoted: those serve reviewers and would teach gaming.
"""

MAX_EVIDENCE = 2
# Said beside every score a candidate sees, in the API and on the careers site alike.
SCORE_IS_ADVICE = (
    "This score is advice to the employer, computed from your CV and the job's requirements. "
    "People at the employer make every decision, and you can ask them to look at your CV again."
)


def _evidence(item: dict) -> list[dict]:
    spans = item.get("evidence") or []
    if isinstance(spans, str):  # explanations of engine 0.2 held one string
        spans = [{"text": spans, "quote": None}]
    return [{"text": span.get("text", ""), "quote": span.get("quote")} for span in spans[:MAX_EVIDENCE]]


def _advice(item: dict) -> str | None:
    """One concrete, honest suggestion for a requirement that was not fully met (None when met)."""
    name, verdict, category = item.get("requirement", ""), item.get("verdict"), item.get("category")
    if verdict == "MET":
        return None
    if category == "skill":
        choice = bool(item.get("anyOf"))
        asked, it = (f"one of {name}", "one of them") if choice else (name, "it")
        if verdict == "PARTIAL" and item.get("match") in ("listed", None):  # None: stored by engine 0.2
            return (
                f"The job asks for {asked}, and your skills list names {it}, but no described piece of work "
                f"does. If you have used {it}, say where and for what, in your experience or projects."
            )
        if verdict == "PARTIAL":  # something related was found, not the skill itself
            return (
                f"The job asks for {asked}; your CV shows related experience. If you have used "
                f"{'any of them' if choice else 'it'} itself, mention where."
            )
        if choice:
            return f"The job asks for {asked}. If you have used any of them, mention where."
        return f"The job asks for {name}. If you have used it, mention where; if not, it is a gap to close."
    if category == "experience":
        return (
            f"The job asks for {name.lower()}. Give start and end dates (month and year) for each role "
            f"so your experience can be counted."
        )
    if category == "education":
        return f"The job asks for {name.lower()}. List your degrees with their level, field and year."
    if category == "language":
        return f"The job asks for {name}. If you speak it, list it with your level (e.g. C1 or fluent)."
    if category == "certification":
        return f"The job asks for the {name} certification. If you hold it, list it by its exact name."
    return None


def candidate_explanation(explanation: dict | None) -> dict | None:
    """The explanation as shown to the candidate it is about."""
    if not explanation:
        return None
    requirements = [
        {
            "requirement": item.get("requirement", ""),
            "kind": item.get("kind"),
            "category": item.get("category"),
            "verdict": item.get("verdict"),
            "evidence": _evidence(item),
            "note": item.get("note"),
        }
        for item in explanation.get("requirements", [])
    ]
    advice = [tip for tip in (_advice(item) for item in explanation.get("requirements", [])) if tip]
    return {
        "summary": explanation.get("summary", ""),
        "label": explanation.get("label"),
        "requirements": requirements,
        "components": [
            {
                "label": c.get("label", c.get("name", "")),
                "points": c.get("points"),
                "max_points": round(100 * c["weight"], 1) if c.get("weight") is not None else None,
            }
            for c in explanation.get("components", [])
        ],
        "strengths": [
            {"text": s.get("text", ""), "quote": s.get("quote")}
            if isinstance(s, dict)
            else {"text": s, "quote": None}
            for s in explanation.get("strengths", [])
        ],
        "gaps": [g.get("text", "") if isinstance(g, dict) else g for g in explanation.get("gaps", [])],
        "knock_outs": [k.get("requirement", "") for k in explanation.get("knockOuts", [])],
        "not_counted": [flag.get("message", "") for flag in explanation.get("integrity", [])],
        "how_to_improve": advice,
    }


def must_have_verdicts(explanation: dict | None) -> dict | None:
    """The must-have requirements met and missing, names only: ``{"matched": [...], "missing": [...]}``.

    A partly met must-have is listed as matched with "(partial)". Stored beside the score
    (``Application.must_haves``) so bulk readers need not load the explanation.
    """
    if not explanation:
        return None
    matched, missing = [], []
    for item in explanation.get("requirements") or []:
        if not isinstance(item, dict) or item.get("kind") != "MUST_HAVE":
            continue
        name, verdict = str(item.get("requirement", "")), item.get("verdict")
        if verdict == "MET":
            matched.append(name)
        elif verdict == "PARTIAL":
            matched.append(f"{name} (partial)")
        elif verdict == "MISSING":
            missing.append(name)
    return {"matched": matched, "missing": missing}
