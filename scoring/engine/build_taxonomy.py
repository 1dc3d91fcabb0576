"""Build the engine's data files from O*NET plus the curated list in ``_curated.py``.

Usage (from the repository root)::

    python -m scoring.engine.build_taxonomy --onet ../shared/data/onet

Writes ``scoring/engine/data/skills.json`` (the skill dictionary), ``data/reference.json`` (word
and skill document frequencies over the O*NET occupation profiles, see :func:`build_reference`) and
``data/titles.json`` (job titles to O*NET occupations, see :func:`build_titles`).
Inputs: ``technology_skills.csv`` (tool names, "Example" column, with the Hot Technology flag),
``occupation_data.csv``, ``task_statements.csv`` and ``alternate_titles.csv``.  The prose also tells
which words are ordinary English, so that tool names such as "Analyze" or "Excavator" are not matched
as skills.  O*NET 29.2 is CC BY 4.0 (USDOL/ETA); the attribution is in the repository's ``NOTICE``.

What the script does with each distinct O*NET tool name:

* drops generic category names ("Word processing software", "Web browser software") and single words
  that are ordinary English (the useful ones, "Go", "Swift", "Excel", are curated with exact case);
  other single capitalised words ("Bugzilla") match case-sensitively;
* tidies the display name ("Alteryx software" -> "Alteryx", "Border Gateway Protocol BGP" ->
  "Border Gateway Protocol (BGP)") and adds aliases: the acronym on its own (case-sensitive) and the
  product name without its vendor when that is distinctive ("Intuit QuickBooks" -> "QuickBooks");
* folds names that share a surface form with a curated entry into it ("Oracle Java" -> "Java");
* when two names claim the same surface form, Hot Technologies and widely used names win.

The output is deterministic (sorted keys), so a rebuild from the same inputs is byte-identical; a test
checks that the shipped files match the generator.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from ._curated import BUSINESS, SOFTWARE, TECH
from ._taxonomy import DATA_FILE, Taxonomy, token_key
from ._text import content_terms, normalise_text
from ._titles import TITLES_FILE, normalise_title, title_key
from ._vectors import REFERENCE_FILE

ATTRIBUTION = (
    "Skill names derived from the O*NET 29.2 Database by the U.S. Department of Labor, Employment and "
    "Training Administration (USDOL/ETA), used under the CC BY 4.0 license (O*NET is a trademark of "
    "USDOL/ETA), plus a hand-written list maintained in scoring/engine/_curated.py."
)

# Single words that O*NET lists as tools but that read as generic nouns in a CV.
GENERIC_WORDS = frozenset(
    """
compilers debuggers decompilers emulators excavator google email internet intranet browser calculator
calculators spreadsheet database databases software hardware computer computers printer printers scanner
scanners fax telephone phone phones smartphones tablets cloud web website websites video audio camera
cameras analyze analyzer simulator simulators editor editors antivirus firewall firewalls router routers
mouse keyboard monitor monitors algorithmic blink cents clustering compris dossier encompass enigma
graphing hotspot honeypot multitask paintbrush penultimate profilers pulsar vigilant webinar wiki abbott
aztec travis gaussian eko ferret eiffel pascal kismet mendel gazebo pegasus tadpoles seesaw shiny
investigo penta eclipse
""".split()  # noqa: SIM905 - a word list reads better as text
)


# O*NET names whose only surface form means something else in CVs ("Chef" the DevOps tool vs the cook;
# "Site Manager", "Restaurant Manager" and "Special Agent" are products named like the job titles that
# fill the CVs of those very occupations).
DROPPED_NAMES = frozenset({"Chef", "Act!", "Sketch", "Site Manager", "Restaurant Manager", "Special Agent"})


def _key(surface: str) -> tuple[str, ...]:
    return token_key(surface.lstrip("=~"))


def _english_vocabulary(onet: Path) -> frozenset[str]:
    """Lower-case words used in O*NET's prose (tasks, descriptions, job titles): "ordinary English"."""
    words: set[str] = set()
    sources = (
        ("task_statements.csv", "Task"),
        ("occupation_data.csv", "Description"),
        ("occupation_data.csv", "Title"),
        ("alternate_titles.csv", "Alternate Title"),
    )
    for filename, column in sources:
        path = onet / filename
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                words.update(w.lower() for w in re.findall(r"[A-Za-z]+", row[column]))
    return frozenset(words | GENERIC_WORDS)


def _curated() -> tuple[dict[str, list[str]], dict[tuple[str, ...], str]]:
    skills: dict[str, list[str]] = {}
    owner: dict[tuple[str, ...], str] = {}
    for canonical, aliases in (*TECH, *SOFTWARE, *BUSINESS):
        display = canonical.lstrip("=~")
        surfaces = [] if canonical.startswith("~") else [canonical]
        surfaces += list(aliases)
        if display in skills:
            raise ValueError(f"duplicate curated skill {display!r}")
        skills[display] = surfaces
        for surface in [display, *surfaces]:
            owner.setdefault(_key(surface), display)
    return skills, owner


def _is_acronym(token: str) -> bool:
    return len(token) >= 2 and token.isupper() and token.isalnum() and any(c.isalpha() for c in token)


def _abbreviates(acronym: str, words: list[str]) -> bool:
    """Schwartz-Hearst style test: the acronym's letters appear in order in the long form, the first one
    and at least two (or all, if shorter) at word starts ("BGP" <- "Border Gateway Protocol", but not
    "SET" <- "BAE Systems SOCET", which is an edition name)."""
    letters = [c.lower() for c in acronym if c.isalpha()]
    text = " ".join(words).lower()
    pos, initials = 0, 0
    for i, letter in enumerate(letters):
        while pos < len(text):
            at_start = pos == 0 or not text[pos - 1].isalpha()
            if text[pos] == letter and (i > 0 or at_start):
                initials += at_start
                pos += 1
                break
            pos += 1
        else:
            return False
    return initials >= min(2, len(letters))


def _onet_candidates(name: str, vocab: frozenset[str], vendors: frozenset[str]) -> tuple[str, list[str]]:
    """Display name and surface forms (``=`` = exact case) for one O*NET tool name; no surfaces = drop.

    A trailing "software" is dropped from every surface: the shorter form still matches "X software"."""
    words = name.split()
    if words[-1] == "software" and len(words) > 1:
        words = words[:-1]
    surfaces: list[str] = []
    display = " ".join(words)

    if len(words) >= 3 and _is_acronym(words[-1]) and _abbreviates(words[-1], words[:-1]):
        long_form, acronym = " ".join(words[:-1]), words[-1]
        generic_long = all(w.islower() for w in words[1:-1])
        display = acronym if generic_long else f"{long_form} ({acronym})"
        surfaces.append(long_form)
        if acronym.lower() not in vocab:  # "CASE", "CALL" would match every all-caps heading
            surfaces.append(f"={acronym}" if len(acronym) <= 4 else acronym)
        return display, surfaces

    lowered = [w.lower() for w in words]
    tokens = _key(display)
    if len(tokens) == 1 and (tokens[0] in vocab or tokens[0] in GENERIC_WORDS):
        return display, []  # one ordinary word once punctuation is ignored ("Act!" reads as "act")
    if len(words) == 1:
        word = words[0]
        if len(word) < 2 or lowered[0] in GENERIC_WORDS:
            return display, []
        if word.isalpha() and lowered[0] in vocab:
            return display, []  # an English word ("Analyze", "SAND"): too ambiguous to match
        if word.isalpha() and (word.istitle() or (word.isupper() and len(word) <= 4)):
            return display, [*surfaces, f"={display}"]
        return display, [*surfaces, display]

    # Category names made of ordinary words ("Web browser", "Word processing", "Shell script").
    if all(w in vocab for w in lowered) and all(w.islower() for w in words[1:]):
        return display, []
    surfaces.append(display)
    if words[0] in vendors and len(words) >= 2:
        rest = words[1:]
        rest_tokens = _key(" ".join(rest))
        distinctive = len(rest) > 1 or any(c.isupper() for c in rest[0][1:]) or not rest[0].isalpha()
        # "Palisade @Risk" must not become "risk", nor "EZ 2000" the number 2000.
        ordinary = all(t in vocab or t in GENERIC_WORDS or not t.isalpha() for t in rest_tokens)
        if distinctive and rest_tokens and not ordinary:
            surfaces.append(" ".join(rest))
    return display, surfaces


def build(onet: Path) -> dict:
    """Return the taxonomy document (see module docstring)."""
    vocab = _english_vocabulary(onet)
    skills, owner = _curated()
    curated_names = set(skills)

    occupations: dict[str, set[str]] = defaultdict(set)
    hot: set[str] = set()
    with (onet / "technology_skills.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            name = " ".join(row["Example"].split())
            occupations[name].add(row["O*NET-SOC Code"])
            if row["Hot Technology"] == "Y":
                hot.add(name)

    first_words = Counter(name.split()[0] for name in occupations if len(name.split()) > 1)
    vendors = frozenset(
        w for w, n in first_words.items() if n >= 4 and w[:1].isupper() and w.lower() not in vocab
    )

    # Hot and widely used names first, so they keep a surface form when two names collide.
    order = sorted(occupations, key=lambda n: (n not in hot, -len(occupations[n]), n))
    hot_skills: set[str] = set()
    for name in order:
        if name in DROPPED_NAMES:
            continue
        display, surfaces = _onet_candidates(name, vocab, vendors)
        keys = [_key(s) for s in (name, display, *surfaces)]
        folded = next((owner[k] for k in keys if k in owner and owner[k] in curated_names), None)
        if folded:
            # Same tool as a curated entry: the full O*NET name becomes one more alias.
            if _key(name) not in owner:
                skills[folded].append(name)
                owner[_key(name)] = folded
            if name in hot:
                hot_skills.add(folded)
            continue
        fresh = [s for s in dict.fromkeys(surfaces) if _key(s) and _key(s) not in owner]
        if not fresh or display in skills:
            continue
        skills[display] = fresh
        for surface in fresh:
            owner[_key(surface)] = display
        if name in hot:
            hot_skills.add(display)

    compact = {}
    for display in sorted(skills, key=str.lower):
        key, aliases = _encode(display, skills[display])
        compact[key] = aliases
    return {
        "format": 1,
        "attribution": ATTRIBUTION,
        "hot": sorted(hot_skills, key=str.lower),
        "skills": compact,
    }


def _encode(display: str, surfaces: list[str]) -> tuple[str, list[str]]:
    """Write an entry as ``{name: aliases}``; the name carries ``=`` (exact case) or ``~`` (not matched)."""
    surfaces = list(dict.fromkeys(surfaces))
    own = _key(display)
    if f"={display}" in surfaces:
        prefix = "="
    elif any(not s.startswith("=") and _key(s) == own for s in surfaces):
        prefix = ""
    else:
        prefix = "~"
    aliases = [s for s in surfaces if _key(s) != own or (prefix == "~" and s.startswith("="))]
    return prefix + display, aliases


def build_reference(onet: Path, skills: dict[str, list[str]]) -> dict:
    """Document frequencies over O*NET occupation profiles, the engine's static reference corpus.

    One document per occupation: title, description, task statements, up to 50 alternate titles and
    its technology examples.  ``terms`` counts the occupations using each stemmed content word (text
    similarity's IDF); ``skills`` counts the occupations whose profile mentions each dictionary skill
    (specificity: "Microsoft Excel" appears in most profiles, "Epic Systems" in a few).  Words are
    stemmed with the engine's own tokenizer, so rebuild this file whenever ``_text`` changes.
    """
    parts: dict[str, list[str]] = defaultdict(list)
    alternates: dict[str, list[str]] = defaultdict(list)
    sources = (
        ("occupation_data.csv", ("Title", "Description"), parts),
        ("task_statements.csv", ("Task",), parts),
        ("technology_skills.csv", ("Example",), parts),
        ("alternate_titles.csv", ("Alternate Title",), alternates),
    )
    for filename, columns, target in sources:
        with (onet / filename).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                target[row["O*NET-SOC Code"]].extend(row[c] for c in columns)
    taxonomy = Taxonomy(skills)
    term_df: Counter[str] = Counter()
    skill_df: Counter[str] = Counter()
    for code in sorted(parts):
        text = normalise_text("\n".join(parts[code] + alternates.get(code, [])[:50]))
        term_df.update(set(content_terms(text)))
        skill_df.update({hit.skill for hit in taxonomy.find(text)})
    # Grouped by frequency to keep the file small: {"df": "term term ..."}; skills seen in at most one
    # profile are left out (the engine reads a missing skill as df = 1).
    terms: dict[int, list[str]] = defaultdict(list)
    for term, df in sorted(term_df.items()):
        terms[df].append(term)
    skills_by_df: dict[int, list[str]] = defaultdict(list)
    for skill, df in sorted(skill_df.items(), key=lambda kv: kv[0].lower()):
        if df > 1:
            skills_by_df[df].append(skill)
    return {
        "format": 1,
        "attribution": ATTRIBUTION,
        "documents": len(parts),
        "terms": {str(df): " ".join(terms[df]) for df in sorted(terms)},
        "skills": {str(df): skills_by_df[df] for df in sorted(skills_by_df)},
    }


TITLE_CODES_PER_KEY = 6


def build_titles(onet: Path) -> dict:
    """``titles.json``: normalised title -> O*NET occupations (see ``_titles``).

    Every occupation title, alternate title, short title and sample reported title is a key; a key
    named by more than ``TITLE_CODES_PER_KEY`` occupations keeps those that name it most often (a
    title that is the occupation's own counts three times), so "manager" points at the commonest.
    """
    votes: dict[str, Counter] = defaultdict(Counter)
    names: dict[str, str] = {}

    def add(code: str, title: str, weight: int) -> None:
        words = normalise_title(title)
        if words and len(words) <= 8:
            votes[title_key(words)][code] += weight

    for row in _rows(onet / "occupation_data.csv"):
        names[row["O*NET-SOC Code"]] = row["Title"]
        add(row["O*NET-SOC Code"], row["Title"], 3)
    for row in _rows(onet / "alternate_titles.csv"):
        add(row["O*NET-SOC Code"], row["Alternate Title"], 1)
        if row.get("Short Title") and row["Short Title"] != "n/a":
            add(row["O*NET-SOC Code"], row["Short Title"], 1)
    for row in _rows(onet / "sample_of_reported_titles.csv"):
        add(row["O*NET-SOC Code"], row["Reported Job Title"], 2)
    codes = sorted(names)
    position = {code: i for i, code in enumerate(codes)}
    titles = {}
    for key in sorted(votes):
        ranked = sorted(votes[key].items(), key=lambda item: (-item[1], item[0]))[:TITLE_CODES_PER_KEY]
        titles[key] = [position[code] for code, _ in ranked if code in position]
    return {
        "format": 1,
        "attribution": ATTRIBUTION,
        "codes": codes,
        "names": [names[c] for c in codes],
        "titles": titles,
    }


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--onet", type=Path, required=True, help="folder with the O*NET CSV files")
    parser.add_argument(
        "--out",
        type=Path,
        default=DATA_FILE,
        help=f"skill dictionary to write (default {DATA_FILE}); reference.json goes next to it",
    )
    args = parser.parse_args(argv)
    if not (args.onet / "technology_skills.csv").exists():
        print(f"{args.onet / 'technology_skills.csv'} not found", file=sys.stderr)
        return 1
    doc = build(args.onet)
    reference = build_reference(args.onet, doc["skills"])
    titles = build_titles(args.onet)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    for path, content, what in (
        (args.out, doc, f"{len(doc['skills'])} skills"),
        (args.out.with_name(REFERENCE_FILE.name), reference, "reference frequencies"),
        (args.out.with_name(TITLES_FILE.name), titles, f"{len(titles['titles'])} job titles"),
    ):
        text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
        path.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {what} ({len(text) // 1024} KB) to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
