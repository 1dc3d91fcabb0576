"""The CV's text with its evidence marked: found leniently, escaped, never nested, every quote resolvable."""

from dashboard.highlight import Quote, evidence_view, find_quote, highlight


def test_a_quote_is_found_whatever_its_case_and_spacing():
    text = "Led the   Python\nplatform team"
    assert find_quote(text, "python platform") == (10, 25)
    assert find_quote(text, "Ruby") is None
    assert find_quote(text, "   ") is None


def test_the_occurrence_nearest_the_engine_offset_is_taken():
    text = "Python. Later, Python again."
    assert find_quote(text, "python") == (0, 6)
    assert find_quote(text, "python", hint=14) == (15, 21)


def test_text_and_quotes_are_escaped_and_marks_link_back():
    result = highlight("<b>Django</b> & co", [Quote(anchor="ev-1", text="Django", back="req-1")])
    assert str(result.html) == (
        '&lt;b&gt;<mark id="ev-1" class="evidence-mark"><a href="#req-1">Django</a></mark>&lt;/b&gt; &amp; co'
    )
    assert result.targets == {"ev-1": "ev-1"} and result.missing == []


def test_overlapping_and_duplicate_quotes_share_one_mark():
    quotes = [
        Quote(anchor="ev-1", text="Python and Django", back="req-1"),
        Quote(anchor="ev-2", text="Django", back="req-2"),
        Quote(anchor="ev-3", text="python AND django", back="req-3"),
    ]
    result = highlight("I use Python and Django daily", quotes)
    assert str(result.html).count("<mark") == 1
    assert result.targets == {"ev-1": "ev-1", "ev-2": "ev-1", "ev-3": "ev-1"}


def test_a_quote_not_in_the_text_is_reported_missing():
    result = highlight("Python", [Quote(anchor="ev-1", text="Rust", back="req-1")])
    assert result.missing == ["ev-1"] and str(result.html) == "Python"


def test_evidence_view_numbers_requirements_and_quotes():
    explanation = {
        "requirements": [
            {
                "requirement": "Python",
                "verdict": "MET",
                "evidence": [{"text": "…used Python…", "quote": "Python"}],
            },
            {"requirement": "Go", "verdict": "MISSING", "evidence": []},
            {"requirement": "SQL", "verdict": "PARTIAL", "evidence": "SQL in a list"},  # engine 0.2
        ]
    }
    view = evidence_view(explanation, "Skills: Python. SQL in a list.")
    assert [row["anchor"] for row in view.requirements] == ["req-1", "req-2", "req-3"]
    assert view.requirements[0]["evidence_spans"][0] | {"context": ""} == {
        "anchor": "ev-1",
        "quote": "Python",
        "context": "",
        "target": "ev-1",
    }
    assert view.requirements[2]["evidence_spans"][0]["target"] == "ev-2"
    hidden = evidence_view(explanation, None)  # blind review: quotes listed, no CV
    assert hidden.cv is None and hidden.requirements[0]["evidence_spans"][0]["target"] is None
