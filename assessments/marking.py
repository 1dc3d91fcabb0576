"""Marking answers and computing a result: pure functions over an assessment's content (no database).

The rules, as docs/assessments.md states them for employers and candidates:

- multiple choice: full points for exactly the right set of options, else none;
- numeric: full points within the question's tolerance, else none;
- short text: an equal share of the points per rubric point met; auto-marked when every point has
  keywords (a point is met when any of its keywords appears as a word; ``apolog*`` matches a prefix),
  otherwise a reviewer marks each point;
- typing: net words per minute (characters typed / 5 per minute, times the share typed right) against
  the question's target, capped at full points; accuracy is the share of typed characters that match
  the passage;
- spoken: a reviewer marks each rubric point;
- a category's score is the points it earned over the points it holds; the total is the categories'
  weighted mean; questions not answered earn nothing; completion is the share of questions answered;
- the status is PENDING until the attempt is completed and no answer awaits a reviewer; then PASS at
  or above the pass threshold, LOW_PASS at or above the low-pass threshold, FAIL below it.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from assessments.content import needs_reviewer, questions

AUTO = "AUTO"
AWAITING_REVIEW = "AWAITING_REVIEW"
REVIEWED = "REVIEWED"
UNANSWERED = "UNANSWERED"


@dataclass(frozen=True)
class Marked:
    marking: str
    points: float | None  # None while a reviewer has not marked it
    rubric_met: list[bool] = field(default_factory=list)
    typing_wpm: float | None = None
    typing_accuracy: float | None = None


def _words(text: str) -> list[str]:
    return re.findall(r"[\w']+", text.lower())


def keyword_found(keyword: str, text: str) -> bool:
    """Whether ``keyword`` (a word or phrase; a trailing ``*`` makes its last word a prefix) is in ``text``."""
    keyword = keyword.strip().lower()
    prefix = keyword.endswith("*")
    parts = _words(keyword.rstrip("*"))
    if not parts:
        return False
    pattern = r"\b" + r"\W+".join(re.escape(part) for part in parts) + (r"" if prefix else r"\b")
    return re.search(pattern, text.lower()) is not None


def typing_measure(*, passage: str, typed: str, elapsed_seconds: float) -> tuple[float, float]:
    """(net words per minute, accuracy percent) of ``typed`` against the start of ``passage``."""
    typed = typed.rstrip()
    if not typed or elapsed_seconds <= 0:
        return 0.0, 0.0
    # Compared with as much of the passage as was typed (plus a little slack for skipped words).
    reference = passage[: len(typed) + 20]
    matched = sum(
        block.size for block in SequenceMatcher(None, reference, typed, autojunk=False).get_matching_blocks()
    )
    accuracy = min(1.0, matched / len(typed))
    gross_wpm = (len(typed) / 5) / (elapsed_seconds / 60)
    return round(gross_wpm * accuracy, 1), round(accuracy * 100, 1)


def answered(question: dict, value, *, has_recording: bool = False) -> bool:
    kind = question["kind"]
    if kind == "SPOKEN":
        return has_recording
    if value is None:
        return False
    if kind == "MULTIPLE_CHOICE":
        return isinstance(value, list) and len(value) > 0
    if kind == "NUMERIC":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "SHORT_TEXT":
        return isinstance(value, str) and bool(value.strip())
    if kind == "TYPING":
        return isinstance(value, dict) and bool(str(value.get("typed", "")).strip())
    return False


def mark(
    question: dict, value, *, has_recording: bool = False, typing_seconds: float | None = None
) -> Marked:
    """Mark one answer. ``typing_seconds`` is the server-checked time a typing answer took."""
    if not answered(question, value, has_recording=has_recording):
        return Marked(UNANSWERED, 0.0)
    points = question.get("points", 1)
    kind = question["kind"]
    if kind == "MULTIPLE_CHOICE":
        right = set(value) == set(question["correct"])
        return Marked(AUTO, float(points) if right else 0.0)
    if kind == "NUMERIC":
        right = abs(float(value) - float(question["answer"])) <= float(question.get("tolerance", 0)) + 1e-9
        return Marked(AUTO, float(points) if right else 0.0)
    if kind == "TYPING":
        seconds = typing_seconds if typing_seconds is not None else question["durationSeconds"]
        wpm, accuracy = typing_measure(
            passage=question["passage"], typed=str(value["typed"]), elapsed_seconds=seconds
        )
        share = min(1.0, wpm / question["targetWpm"])
        return Marked(AUTO, round(points * share, 3), typing_wpm=wpm, typing_accuracy=accuracy)
    if needs_reviewer(question):
        return Marked(AWAITING_REVIEW, None)
    met = [
        any(keyword_found(keyword, value) for keyword in point["keywords"]) for point in question["rubric"]
    ]
    return Marked(AUTO, rubric_points(points, met), rubric_met=met)


def rubric_points(points: int, met: list[bool]) -> float:
    return round(points * sum(met) / len(met), 3) if met else 0.0


@dataclass(frozen=True)
class AnswerState:
    """What the result needs of one stored answer."""

    answered: bool
    marking: str
    points: float | None
    typing_wpm: float | None = None
    typing_accuracy: float | None = None


@dataclass(frozen=True)
class Result:
    category_scores: list[dict]  # [{key, name, weight, score, pending}] score in percent
    total_score: float
    completion: float
    typing_wpm: float | None
    typing_accuracy: float | None
    awaiting_review: int
    score_status: str


def score_status(
    *, total: float, completed: bool, awaiting_review: int, pass_threshold: int, low_pass_threshold: int
) -> str:
    if not completed or awaiting_review:
        return "PENDING"
    if total >= pass_threshold:
        return "PASS"
    if total >= low_pass_threshold:
        return "LOW_PASS"
    return "FAIL"


def result(
    content: dict,
    answers: dict[str, AnswerState],
    *,
    completed: bool,
    pass_threshold: int,
    low_pass_threshold: int,
) -> Result:
    """The attempt's scores from its answers (``answers`` by question id; missing = not answered)."""
    by_category: dict[str, dict] = {}
    total_questions = answered_count = awaiting = 0
    wpms: list[float] = []
    accuracies: list[float] = []
    for category, question in questions(content):
        bucket = by_category.setdefault(
            category["key"],
            {
                "key": category["key"],
                "name": category["name"],
                "weight": category.get("weight", 1),
                "earned": 0.0,
                "possible": 0.0,
                "pending": False,
            },
        )
        bucket["possible"] += question.get("points", 1)
        total_questions += 1
        state = answers.get(question["id"])
        if state is None or not state.answered:
            continue
        answered_count += 1
        if state.marking == AWAITING_REVIEW:
            awaiting += 1
            bucket["pending"] = True
            continue
        bucket["earned"] += state.points or 0.0
        if state.typing_wpm is not None:
            wpms.append(state.typing_wpm)
            accuracies.append(state.typing_accuracy or 0.0)
    categories = []
    weighted = weights = 0.0
    for bucket in by_category.values():
        score = 100 * bucket["earned"] / bucket["possible"] if bucket["possible"] else 0.0
        categories.append(
            {
                "key": bucket["key"],
                "name": bucket["name"],
                "weight": bucket["weight"],
                "score": round(score, 1),
                "pending": bucket["pending"],
            }
        )
        weighted += score * bucket["weight"]
        weights += bucket["weight"]
    total = round(weighted / weights, 1) if weights else 0.0
    has_typing = any(q["kind"] == "TYPING" for _, q in questions(content))
    return Result(
        category_scores=categories,
        total_score=total,
        completion=round(100 * answered_count / total_questions, 1) if total_questions else 0.0,
        typing_wpm=round(sum(wpms) / len(wpms), 1) if wpms else (0.0 if has_typing else None),
        typing_accuracy=round(sum(accuracies) / len(accuracies), 1) if accuracies else None,
        awaiting_review=awaiting,
        score_status=score_status(
            total=total,
            completed=completed,
            awaiting_review=awaiting,
            pass_threshold=pass_threshold,
            low_pass_threshold=low_pass_threshold,
        ),
    )


def minimum_reading_seconds(question: dict) -> float:
    """Less time than this between showing a question and its first answer means it was not read.

    600 words a minute (10 a second) is skimming speed, about twice a fast reader's pace; typing and
    spoken questions have their own clocks and are not judged this way.
    """
    if question["kind"] in ("TYPING", "SPOKEN"):
        return 0.0
    text = " ".join([question.get("prompt", ""), *question.get("options", [])])
    return max(1.5, len(_words(text)) / 10)


# -- the red flag ---------------------------------------------------------------------------------------
LEAVE_COUNT_LIMIT = 3  # leaving the tab or window this many times...
AWAY_SECONDS_LIMIT = 60  # ...or for this long in all
LARGE_PASTE_CHARS = 100
PASTE_COUNT_LIMIT = 2  # pastes of 20+ characters into written answers
SMALL_PASTE_CHARS = 20
FAST_ANSWER_LIMIT = 3


@dataclass(frozen=True)
class SignalFact:
    id: int
    kind: str
    question_kind: str
    seconds: float  # how long away (TAB_HIDDEN, WINDOW_BLUR) or 0
    characters: int  # pasted characters (PASTE) or 0
    at: float  # server time, seconds since the epoch


def red_flag_reasons(signals: list[SignalFact]) -> list[dict]:
    """Which rules of the red flag the signals meet (an empty list: no red flag).

    Leaving: leaving the tab or the window 3 times or more, or for 60 seconds or more in all (a tab
    switch fires both a hidden tab and a lost window focus: the two within 2 seconds count once).
    Pasting: any paste into a typing passage, a paste of 100 characters or more, or 2 pastes of 20 or
    more into written answers. Speed: 3 answers or more given faster than reading allows.
    """
    reasons: list[dict] = []
    departures: list[SignalFact] = []
    for signal in sorted((s for s in signals if s.kind in ("TAB_HIDDEN", "WINDOW_BLUR")), key=lambda s: s.at):
        if departures and signal.at - departures[-1].at <= 2 and signal.kind != departures[-1].kind:
            continue
        departures.append(signal)
    away = sum(s.seconds for s in departures)
    if len(departures) >= LEAVE_COUNT_LIMIT or away >= AWAY_SECONDS_LIMIT:
        reasons.append(
            {
                "rule": "left_assessment",
                "message": f"Left the assessment {len(departures)} time(s), {round(away)} s away in all "
                f"(flagged at {LEAVE_COUNT_LIMIT} times or {AWAY_SECONDS_LIMIT} s).",
                "signalIds": [s.id for s in departures],
            }
        )
    pastes = [s for s in signals if s.kind == "PASTE"]
    into_typing = [s for s in pastes if s.question_kind == "TYPING"]
    large = [s for s in pastes if s.characters >= LARGE_PASTE_CHARS]
    written = [s for s in pastes if s.characters >= SMALL_PASTE_CHARS and s.question_kind != "TYPING"]
    if into_typing or large or len(written) >= PASTE_COUNT_LIMIT:
        flagged = {
            s.id: s for s in [*into_typing, *large, *(written if len(written) >= PASTE_COUNT_LIMIT else [])]
        }
        reasons.append(
            {
                "rule": "pasted_answers",
                "message": "Pasted text: "
                + ", ".join(
                    part
                    for part in (
                        f"{len(into_typing)} time(s) into the typing test" if into_typing else "",
                        f"{len(large)} paste(s) of {LARGE_PASTE_CHARS}+ characters" if large else "",
                        f"{len(written)} paste(s) of {SMALL_PASTE_CHARS}+ characters into answers"
                        if len(written) >= PASTE_COUNT_LIMIT
                        else "",
                    )
                    if part
                )
                + ".",
                "signalIds": sorted(flagged),
            }
        )
    fast = [s for s in signals if s.kind == "FAST_ANSWER"]
    if len(fast) >= FAST_ANSWER_LIMIT:
        reasons.append(
            {
                "rule": "answers_too_fast",
                "message": f"{len(fast)} answers given faster than reading allows (flagged at {FAST_ANSWER_LIMIT}).",
                "signalIds": [s.id for s in fast],
            }
        )
    return reasons
