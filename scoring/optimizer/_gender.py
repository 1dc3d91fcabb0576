"""Gender-coded wording: the word lists of Gaucher, Friesen & Kay (2011) as used by Kat Matfield's decoder.

Sources
-------
* Danielle Gaucher, Justin Friesen and Aaron C. Kay, "Evidence that gendered wording in job
  advertisements exists and sustains gender inequality", *Journal of Personality and Social
  Psychology* 101(1), 109-128 (2011), doi:10.1037/a0022530.  Appendix A lists the masculine- and
  feminine-coded word stems ("aggress*", "support*").  Their studies found masculine wording made jobs
  less appealing to women and lowered their anticipated belonging, while feminine wording did not
  measurably put men off.
* Kat Matfield, "Gender Decoder" (https://gender-decoder.katmatfield.com,
  https://github.com/lovedaybrooke/gender-decoder, MIT licence), ``app/wordlists/en.py``: the paper's
  lists with the hyphenated spellings ("co-operat", "self-confiden"/"selfconfiden") and the words the
  tool added ("agree", "collab", "enthusias", "feel", "inclusive", "share", "sharin"; "battle",
  "champion", "defend", "driven", "fearless", "fight", "unreasonab").  The two lists below are that file,
  plus "feminine" and "masculine", which the paper lists and the tool omits.

Matching follows the decoder: text is split into words (apostrophes and other punctuation separate
words; a hyphenated word stays whole only when it starts with a hyphenated stem, otherwise its parts are
checked), and a word is coded when it *starts with* a stem, so "leadership" matches "lead" and
"responsibilities" matches "respon".  One documented deviation: words starting with "confidential" are
not "confident" (the prefix rule would code every mention of confidentiality).

The verdict is the decoder's, by the difference feminine minus masculine count: 0 neutral, 1-3
slightly, more than 3 strongly coded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._model import CodedWord, Edit, Evidence, Finding, Severity

# fmt: off
FEMININE_CODED: tuple[str, ...] = (
    "agree", "affectionate", "child", "cheer", "collab", "commit", "communal", "compassion", "connect",
    "considerate", "cooperat", "co-operat", "depend", "emotiona", "empath", "feel", "feminine",
    "flatterable", "gentle", "honest", "interpersonal", "interdependen", "interpersona", "inter-personal",
    "inter-dependen", "inter-persona", "kind", "kinship", "loyal", "modesty", "nag", "nurtur", "pleasant",
    "polite", "quiet", "respon", "sensitiv", "submissive", "support", "sympath", "tender", "together",
    "trust", "understand", "warm", "whin", "enthusias", "inclusive", "yield", "share", "sharin",
)
MASCULINE_CODED: tuple[str, ...] = (
    "active", "adventurous", "aggress", "ambitio", "analy", "assert", "athlet", "autonom", "battle",
    "boast", "challeng", "champion", "compet", "confident", "courag", "decid", "decision", "decisive",
    "defend", "determin", "domina", "dominant", "driven", "fearless", "fight", "force", "greedy",
    "head-strong", "headstrong", "hierarch", "hostil", "impulsive", "independen", "individual",
    "intellect", "lead", "logic", "masculine", "objective", "opinion", "outspoken", "persist", "principle",
    "reckless", "self-confiden", "self-relian", "self-sufficien", "selfconfiden", "selfrelian",
    "selfsufficien", "stubborn", "superior", "unreasonab",
)
# fmt: on
_NOT_CODED = ("confidential",)
_HYPHENATED = tuple(sorted(stem for stem in (*FEMININE_CODED, *MASCULINE_CODED) if "-" in stem))
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _stem_pattern(stems: tuple[str, ...]) -> re.Pattern[str]:
    # Longest stem first, so the reported stem is the most specific one ("dominant" over "domina").
    return re.compile("|".join(re.escape(s) for s in sorted(set(stems), key=lambda s: (-len(s), s))))


_MASCULINE = _stem_pattern(MASCULINE_CODED)
_FEMININE = _stem_pattern(FEMININE_CODED)

# Masculine-coded *trait* words with a neutral word that fits most sentences.  Words that describe the
# work itself ("lead", "analysis", "decision", "individual") have none: they stay, reported as INFO.
_TRAIT_REPLACEMENTS: dict[str, str] = {
    "adventurous": "curious",
    "aggressive": "bold",
    "aggressively": "boldly",
    "ambitious": "motivated",
    "assertive": "clear and direct",
    "competitive": "motivated",
    "dominant": "influential",
    "dominate": "excel in",
    "driven": "motivated",
    "fearless": "bold",
    "forceful": "persuasive",
    "head-strong": "tenacious",
    "headstrong": "tenacious",
    "outspoken": "candid",
    "reckless": "bold",
    "self-confident": "self-assured",
    "self-reliant": "resourceful",
    "self-sufficient": "resourceful",
    "stubborn": "tenacious",
}
# ...except where the word is not about a person: "competitive salary", "ambitious roadmap", "driven by".
_NOT_A_TRAIT: dict[str, re.Pattern[str]] = {
    "competitive": re.compile(
        r"\s+(?:markets?|advantages?|edge|landscape|salar(?:y|ies)|pay|compensation|remuneration|package|"
        r"rates?|pricing|prices?|benefits|wages?|industry|analysis|intelligence|position(?:ing)?|field|"
        r"sector|environment|programming|bidding|tender)\b",
        re.IGNORECASE,
    ),
    "ambitious": re.compile(
        r"\s+(?:goals?|plans?|targets?|roadmaps?|projects?|vision|growth|mission|agenda|programmes?|"
        r"programs?|timelines?|objectives?)\b",
        re.IGNORECASE,
    ),
    "driven": re.compile(r"\s+by\b", re.IGNORECASE),
}


@dataclass(frozen=True)
class GenderScan:
    masculine: tuple[CodedWord, ...]
    feminine: tuple[CodedWord, ...]

    @property
    def verdict(self) -> str:
        return verdict(len(self.masculine), len(self.feminine))


def verdict(masculine: int, feminine: int) -> str:
    """The decoder's verdict from the two counts (thresholds as in its ``assess_coding``)."""
    diff = feminine - masculine
    if diff == 0:
        return "neutral"
    strength = "strongly" if abs(diff) > 3 else "slightly"
    return f"{strength} {'feminine' if diff > 0 else 'masculine'}-coded"


def _pieces(token: str, start: int) -> list[tuple[str, int]]:
    """Decoder tokenisation of one hyphen-joined word: whole if it opens with a hyphenated stem."""
    low = token.lower()
    if "-" not in token or low.startswith(_HYPHENATED):
        return [(token, start)]
    out, offset = [], start
    for part in token.split("-"):
        out.append((part, offset))
        offset += len(part) + 1
    return out


def scan(field: str, text: str) -> GenderScan:
    """Every coded word in ``text`` (one field of the ad), in order."""
    masculine: list[CodedWord] = []
    feminine: list[CodedWord] = []
    for m in _WORD.finditer(text):
        for word, start in _pieces(m.group(0), m.start()):
            low = word.lower()
            if low.startswith(_NOT_CODED):
                continue
            for pattern, out in ((_MASCULINE, masculine), (_FEMININE, feminine)):
                hit = pattern.match(low)
                if hit:
                    out.append(CodedWord(word, hit.group(0), field, start, start + len(word)))
    return GenderScan(tuple(masculine), tuple(feminine))


def merge(scans: list[GenderScan]) -> GenderScan:
    return GenderScan(
        tuple(w for s in scans for w in s.masculine), tuple(w for s in scans for w in s.feminine)
    )


def trait_replacement(word: CodedWord, text: str) -> str | None:
    """The neutral word for a masculine-coded trait word in its context, or None."""
    low = word.text.lower()
    replacement = _TRAIT_REPLACEMENTS.get(low)
    if replacement is None:
        return None
    if word.start > 0 and text[word.start - 1] == "-" and "-" not in low:
        return None  # second half of a compound: "data-driven", "non-competitive"
    guard = _NOT_A_TRAIT.get(low)
    if guard and guard.match(text, word.end):
        return None
    if low == "dominate" and not re.match(r"\s+[A-Za-z]", text[word.end :]):
        return (
            "excel"  # "who can dominate." -> "who can excel.", "dominate the market" -> "excel in the market"
        )
    return replacement


def findings(scan_result: GenderScan, texts: dict[str, str]) -> list[Finding]:
    """One finding per coded word, and one for the overall verdict when it is not neutral.

    A masculine-coded trait word with a neutral alternative is a WARNING (it can simply be swapped);
    other coded words are INFO: they often name the work ("lead a team") and only the balance matters.
    The verdict is a WARNING when strongly masculine-coded, following the paper's asymmetric result.
    """
    out: list[Finding] = []
    for word in scan_result.masculine:
        replacement = trait_replacement(word, texts[word.field])
        evidence = Evidence(word.field, word.start, word.end, word.text)
        if replacement:
            out.append(
                Finding(
                    code="gender_coded_masculine",
                    category="gender_coding",
                    severity=Severity.WARNING,
                    message=f'"{word.text}" is a masculine-coded trait word (Gaucher, Friesen & Kay 2011).',
                    evidence=evidence,
                    suggestion=f'Use "{replacement}" instead.',
                    replacement=replacement,
                    edit=Edit(word.field, word.start, word.end, replacement, priority=2),
                )
            )
        else:
            out.append(
                Finding(
                    code="gender_coded_masculine",
                    category="gender_coding",
                    severity=Severity.INFO,
                    message=f'"{word.text}" is masculine-coded (stem "{word.stem}", Gaucher, Friesen & Kay 2011).',
                    evidence=evidence,
                    suggestion="Fine where it describes the work; check that the ad as a whole is not "
                    "masculine-coded.",
                )
            )
    for word in scan_result.feminine:
        out.append(
            Finding(
                code="gender_coded_feminine",
                category="gender_coding",
                severity=Severity.INFO,
                message=f'"{word.text}" is feminine-coded (stem "{word.stem}", Gaucher, Friesen & Kay 2011).',
                evidence=Evidence(word.field, word.start, word.end, word.text),
                suggestion="No change needed on its own; it balances masculine-coded wording.",
            )
        )
    result = scan_result.verdict
    if result != "neutral":
        masculine_lean = "masculine" in result
        out.append(
            Finding(
                code="gender_coding_verdict",
                category="gender_coding",
                severity=Severity.WARNING if result == "strongly masculine-coded" else Severity.INFO,
                message=(
                    f"The ad is {result}: {len(scan_result.masculine)} masculine-coded and "
                    f"{len(scan_result.feminine)} feminine-coded words."
                ),
                suggestion=(
                    "Masculine-coded ads are less appealing to women (Gaucher, Friesen & Kay 2011): swap "
                    "trait words for neutral ones and describe how the team works together."
                    if masculine_lean
                    else "Feminine-coded wording did not put men off in the study; no change is required."
                ),
            )
        )
    return out
