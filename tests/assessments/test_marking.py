"""The marking rules and the red flag, as docs/assessments.md states them (pure functions)."""

import pytest

from assessments import marking
from assessments.content import content_errors
from assessments.library import LIBRARY

MC = {
    "id": "q",
    "kind": "MULTIPLE_CHOICE",
    "prompt": "Pick",
    "options": ["a", "b", "c"],
    "correct": [0, 2],
    "points": 2,
}
NUM = {"id": "n", "kind": "NUMERIC", "prompt": "How many?", "answer": 17.5, "tolerance": 0.1, "points": 1}
TEXT = {
    "id": "t",
    "kind": "SHORT_TEXT",
    "prompt": "Reply",
    "points": 3,
    "rubric": [
        {"point": "apology", "keywords": ["apolog*", "sorry"]},
        {"point": "refund", "keywords": ["refund"]},
    ],
}
PASSAGE = "The quick brown fox jumps over the lazy dog. " * 8


def test_every_library_assessment_is_valid_content():
    for item in LIBRARY:
        assert content_errors(item["content"]) == {}, item["libraryKey"]


def test_content_errors_name_the_field_that_is_wrong():
    bad = {
        "categories": [
            {
                "key": "Bad Key",
                "name": "",
                "questions": [
                    {"id": "x", "kind": "MULTIPLE_CHOICE", "prompt": "?", "options": ["a"], "correct": [3]}
                ],
            }
        ]
    }
    errors = content_errors(bad)
    assert set(errors) >= {
        "content.categories[0].key",
        "content.categories[0].name",
        "content.categories[0].questions[0].options",
    }


def test_multiple_choice_needs_exactly_the_right_set():
    assert marking.mark(MC, [0, 2]).points == 2
    assert marking.mark(MC, [0]).points == 0
    assert marking.mark(MC, [0, 1, 2]).points == 0
    assert marking.mark(MC, []).marking == marking.UNANSWERED


def test_numeric_within_tolerance():
    assert marking.mark(NUM, 17.55).points == 1
    assert marking.mark(NUM, 17.7).points == 0


def test_short_text_marks_each_rubric_point_by_keyword_and_prefix():
    assert marking.keyword_found("apolog*", "We apologise for the delay")
    assert not marking.keyword_found("refund", "refunded")  # a whole word unless it ends in *
    marked = marking.mark(TEXT, "We are sorry for the trouble.")
    assert marked.marking == marking.AUTO and marked.rubric_met == [True, False] and marked.points == 1.5


def test_short_text_with_a_point_without_keywords_goes_to_a_reviewer():
    question = {**TEXT, "rubric": [{"point": "tone is warm"}]}
    assert marking.mark(question, "Hello").marking == marking.AWAITING_REVIEW


def test_typing_measures_net_words_per_minute_and_accuracy():
    typed = PASSAGE[:250]
    wpm, accuracy = marking.typing_measure(passage=PASSAGE, typed=typed, elapsed_seconds=60)
    assert accuracy == 100 and wpm == 50
    sloppy = typed.replace("o", "0")
    wpm2, accuracy2 = marking.typing_measure(passage=PASSAGE, typed=sloppy, elapsed_seconds=60)
    wrong = typed.count("o")
    assert accuracy2 == round(100 * (250 - wrong) / 250, 1) and wpm2 == round(50 * (250 - wrong) / 250, 1)


def test_result_weights_categories_and_is_pending_until_completed_and_reviewed():
    content = {
        "categories": [
            {"key": "a", "name": "A", "weight": 3, "questions": [MC]},
            {"key": "b", "name": "B", "weight": 1, "questions": [NUM]},
        ]
    }
    states = {"q": marking.AnswerState(True, "AUTO", 2.0), "n": marking.AnswerState(True, "AUTO", 0.0)}
    result = marking.result(content, states, completed=True, pass_threshold=70, low_pass_threshold=50)
    assert [c["score"] for c in result.category_scores] == [100.0, 0.0]
    assert result.total_score == 75.0 and result.score_status == "PASS" and result.completion == 100.0
    assert (
        marking.result(
            content, states, completed=False, pass_threshold=70, low_pass_threshold=50
        ).score_status
        == "PENDING"
    )
    low = marking.result(content, states, completed=True, pass_threshold=80, low_pass_threshold=70)
    assert low.score_status == "LOW_PASS"
    assert (
        marking.result(content, {}, completed=True, pass_threshold=80, low_pass_threshold=70).score_status
        == "FAIL"
    )


def fact(i, kind, at, seconds=0, characters=0, question_kind="MULTIPLE_CHOICE"):
    return marking.SignalFact(
        id=i, kind=kind, question_kind=question_kind, seconds=seconds, characters=characters, at=at
    )


def test_a_tab_switch_fires_two_signals_that_count_once():
    signals = [
        fact(1, "TAB_HIDDEN", 100, 5),
        fact(2, "WINDOW_BLUR", 100.5, 5),
        fact(3, "TAB_HIDDEN", 200, 5),
        fact(4, "WINDOW_BLUR", 200.2, 5),
    ]
    assert marking.red_flag_reasons(signals) == []
    signals.append(fact(5, "TAB_HIDDEN", 300, 1))
    [reason] = marking.red_flag_reasons(signals)
    assert reason["rule"] == "left_assessment" and reason["signalIds"] == [1, 3, 5]


def test_a_long_absence_raises_the_flag_on_its_own():
    [reason] = marking.red_flag_reasons([fact(1, "TAB_HIDDEN", 10, seconds=61)])
    assert reason["rule"] == "left_assessment"


@pytest.mark.parametrize(
    "pastes, flagged",
    [
        ([(5, "TYPING")], True),  # any paste into the typing test
        ([(100, "SHORT_TEXT")], True),  # one large paste
        ([(30, "SHORT_TEXT")], False),  # one small paste
        ([(30, "SHORT_TEXT"), (25, "NUMERIC")], True),  # two of 20+
        ([(5, "SHORT_TEXT"), (5, "SHORT_TEXT"), (5, "SHORT_TEXT")], False),
    ],
)
def test_the_paste_rule(pastes, flagged):
    signals = [fact(i, "PASTE", i, characters=n, question_kind=kind) for i, (n, kind) in enumerate(pastes)]
    assert bool(marking.red_flag_reasons(signals)) is flagged


def test_three_fast_answers_raise_the_flag():
    assert marking.red_flag_reasons([fact(i, "FAST_ANSWER", i) for i in range(2)]) == []
    [reason] = marking.red_flag_reasons([fact(i, "FAST_ANSWER", i) for i in range(3)])
    assert reason["rule"] == "answers_too_fast"


def test_reading_time_grows_with_the_question():
    assert marking.minimum_reading_seconds({"kind": "NUMERIC", "prompt": "word " * 50}) == 5
    assert marking.minimum_reading_seconds({"kind": "NUMERIC", "prompt": "short"}) == 1.5
    assert marking.minimum_reading_seconds({"kind": "TYPING", "passage": "x"}) == 0
