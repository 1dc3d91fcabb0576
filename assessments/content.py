"""The shape of an assessment's content, checked before it is stored (docs/assessments.md).

``content_errors`` returns every problem at once, keyed by a camelCase path
(``categories[1].questions[0].options``), so the API and the dashboard can point at the field.
Nothing here touches the database.
"""

import math
import re
from collections.abc import Iterator

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
KINDS = ("MULTIPLE_CHOICE", "NUMERIC", "SHORT_TEXT", "TYPING", "SPOKEN")
# Kinds a person marks (SPOKEN always; SHORT_TEXT when a rubric point has no keywords).
MAX_CATEGORIES = 8
MAX_QUESTIONS_PER_CATEGORY = 40
MAX_PROMPT = 4000


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value, *, limit: int) -> str | None:
    """The stripped text, or None when it is not a non-empty string within ``limit``."""
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        return None
    return value.strip()


def _rubric_errors(rubric, *, with_keywords: bool) -> Iterator[tuple[str, str]]:
    if not isinstance(rubric, list) or not 1 <= len(rubric) <= 10:
        yield "rubric", "Give 1 to 10 rubric points."
        return
    for index, point in enumerate(rubric):
        if not isinstance(point, dict) or _text(point.get("point"), limit=300) is None:
            yield f"rubric[{index}].point", "Describe the point in up to 300 characters."
            continue
        keywords = point.get("keywords", [])
        if not with_keywords and keywords:
            yield f"rubric[{index}].keywords", "Spoken answers are marked by a person: no keywords."
        elif (
            not isinstance(keywords, list)
            or len(keywords) > 20
            or not all(_text(keyword, limit=60) for keyword in keywords)
        ):
            yield f"rubric[{index}].keywords", "Up to 20 keywords or phrases, each up to 60 characters."


def _question_errors(question: dict) -> Iterator[tuple[str, str]]:
    kind = question.get("kind")
    if kind not in KINDS:
        yield "kind", f"One of {', '.join(KINDS)}."
        return
    if kind != "TYPING" and _text(question.get("prompt"), limit=MAX_PROMPT) is None:
        yield "prompt", f"Write the question (up to {MAX_PROMPT} characters)."
    points = question.get("points", 1)
    if not _is_int(points) or not 1 <= points <= 100:
        yield "points", "A whole number from 1 to 100."
    if kind == "MULTIPLE_CHOICE":
        options = question.get("options")
        if (
            not isinstance(options, list)
            or not 2 <= len(options) <= 8
            or not all(_text(option, limit=500) for option in options)
        ):
            yield "options", "Give 2 to 8 options, each up to 500 characters."
        elif len({option.strip().lower() for option in options}) != len(options):
            yield "options", "Options must differ from each other."
        else:
            correct = question.get("correct")
            if (
                not isinstance(correct, list)
                or not correct
                or not all(_is_int(index) and 0 <= index < len(options) for index in correct)
                or len(set(correct)) != len(correct)
            ):
                yield "correct", "Name the right option(s) by their position, counting from 0."
    elif kind == "NUMERIC":
        if not _is_number(question.get("answer")):
            yield "answer", "The expected number."
        tolerance = question.get("tolerance", 0)
        if not _is_number(tolerance) or tolerance < 0:
            yield "tolerance", "A number of 0 or more."
        if "unit" in question and (not isinstance(question["unit"], str) or len(question["unit"]) > 20):
            yield "unit", "Up to 20 characters."
    elif kind == "SHORT_TEXT":
        yield from _rubric_errors(question.get("rubric"), with_keywords=True)
        max_words = question.get("maxWords", 200)
        if not _is_int(max_words) or not 10 <= max_words <= 1000:
            yield "maxWords", "A whole number from 10 to 1000."
    elif kind == "TYPING":
        passage = question.get("passage")
        if not isinstance(passage, str) or not 150 <= len(passage.strip()) <= 1200:
            yield "passage", "A passage of 150 to 1200 characters to copy."
        duration = question.get("durationSeconds")
        if not _is_int(duration) or not 30 <= duration <= 300:
            yield "durationSeconds", "A whole number of seconds from 30 to 300."
        target = question.get("targetWpm")
        if not _is_int(target) or not 10 <= target <= 150:
            yield "targetWpm", "A whole number of words per minute from 10 to 150."
    elif kind == "SPOKEN":
        yield from _rubric_errors(question.get("rubric"), with_keywords=False)
        max_seconds = question.get("maxSeconds")
        if not _is_int(max_seconds) or not 15 <= max_seconds <= 300:
            yield "maxSeconds", "A whole number of seconds from 15 to 300."


def content_errors(content) -> dict[str, list[str]]:
    """Every problem with ``content``, by path; empty when it can be stored."""
    errors: dict[str, list[str]] = {}

    def add(path: str, message: str) -> None:
        errors.setdefault(path, []).append(message)

    if not isinstance(content, dict) or not isinstance(content.get("categories"), list):
        add("content.categories", "A list of categories, each with its questions.")
        return errors
    categories = content["categories"]
    if not 1 <= len(categories) <= MAX_CATEGORIES:
        add("content.categories", f"Give 1 to {MAX_CATEGORIES} categories.")
    category_keys: set[str] = set()
    question_ids: set[str] = set()
    for c_index, category in enumerate(categories):
        at = f"content.categories[{c_index}]"
        if not isinstance(category, dict):
            add(at, "A category object.")
            continue
        key = category.get("key")
        if not isinstance(key, str) or not SLUG.match(key):
            add(f"{at}.key", "Lower-case letters, digits and hyphens, up to 40.")
        elif key in category_keys:
            add(f"{at}.key", "Another category has this key.")
        else:
            category_keys.add(key)
        if _text(category.get("name"), limit=80) is None:
            add(f"{at}.name", "A name of up to 80 characters.")
        weight = category.get("weight", 1)
        if not _is_number(weight) or not 0 < weight <= 100:
            add(f"{at}.weight", "A number above 0 and at most 100.")
        questions = category.get("questions")
        if not isinstance(questions, list) or not 1 <= len(questions) <= MAX_QUESTIONS_PER_CATEGORY:
            add(f"{at}.questions", f"Give 1 to {MAX_QUESTIONS_PER_CATEGORY} questions.")
            continue
        for q_index, question in enumerate(questions):
            q_at = f"{at}.questions[{q_index}]"
            if not isinstance(question, dict):
                add(q_at, "A question object.")
                continue
            question_id = question.get("id")
            if not isinstance(question_id, str) or not SLUG.match(question_id):
                add(f"{q_at}.id", "Lower-case letters, digits and hyphens, up to 40.")
            elif question_id in question_ids:
                add(f"{q_at}.id", "Another question has this id.")
            else:
                question_ids.add(question_id)
            for field, message in _question_errors(question):
                add(f"{q_at}.{field}", message)
    return errors


def questions(content: dict) -> Iterator[tuple[dict, dict]]:
    """(category, question) pairs in the order the candidate sees them."""
    for category in content["categories"]:
        for question in category["questions"]:
            yield category, question


def question_by_id(content: dict, question_id: str) -> dict | None:
    return next((q for _, q in questions(content) if q["id"] == question_id), None)


def needs_reviewer(question: dict) -> bool:
    """Whether a person marks this question: spoken answers, and rubrics with a point no keyword can find."""
    if question["kind"] == "SPOKEN":
        return True
    if question["kind"] == "SHORT_TEXT":
        return any(not point.get("keywords") for point in question["rubric"])
    return False


def normalised(content: dict) -> dict:
    """The content with defaults written out (points, tolerance, weights), so marking never guesses."""
    out = {"categories": []}
    for category in content["categories"]:
        items = []
        for question in category["questions"]:
            item = dict(question)
            item.setdefault("points", 1)
            if item["kind"] == "NUMERIC":
                item.setdefault("tolerance", 0)
            if item["kind"] == "SHORT_TEXT":
                item.setdefault("maxWords", 200)
            items.append(item)
        out["categories"].append(
            {
                "key": category["key"],
                "name": category["name"].strip(),
                "weight": category.get("weight", 1),
                "questions": items,
            }
        )
    return out
