"""Forms of the assessments pages, and the pure edits of an assessment's content they feed.

The question editor never stores anything itself: each form turns the fields into one change of the
current version's content (``content_*`` below, plain dicts in and out), and the view hands the whole
new content to ``assessments.services.definition_update``, which checks it (``assessments.content``)
and makes a new version when candidates were invited to the current one. The service's field paths
(``content.categories[0].questions[2].options``) are mapped back to the form's fields.
"""

import copy
import re
import secrets

from django import forms
from django.core.validators import validate_email
from django.utils.text import slugify

from assessments.models import QuestionKind
from assessments.services import DEFAULT_EXPIRY_DAYS, MAX_EXPIRY_DAYS, MAX_EXTRA_TIME_PERCENT
from dashboard.forms import SingleLineField
from dashboard.forms.applications import UUIDListField

# The service's names for the rules (the API's camelCase) are the form's own: its refusals land on them.
RULES_FIELDS = ("name", "description", "timeLimitMinutes", "passThreshold", "lowPassThreshold")


class RulesForm(forms.Form):
    name = SingleLineField(label="Name", max_length=120)
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=2000,
        help_text="Shown to candidates before they start.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    timeLimitMinutes = forms.IntegerField(label="Time limit (minutes)", min_value=1, max_value=240)
    passThreshold = forms.IntegerField(
        label="Pass threshold",
        min_value=0,
        max_value=100,
        help_text="Total score (0-100) at or above which PASS.",
    )
    lowPassThreshold = forms.IntegerField(
        label="Low-pass threshold",
        min_value=0,
        max_value=100,
        help_text="At or above it (and below the pass threshold) LOW_PASS; under it FAIL.",
    )

    @classmethod
    def for_definition(cls, definition) -> "RulesForm":
        version = definition.current_version
        return cls(
            initial={
                "name": definition.name,
                "description": definition.description,
                "timeLimitMinutes": version.time_limit_minutes,
                "passThreshold": version.pass_threshold,
                "lowPassThreshold": version.low_pass_threshold,
            }
        )


class CreateForm(RulesForm):
    categoryName = SingleLineField(
        label="First category",
        max_length=80,
        initial="General",
        help_text="Questions are grouped in categories, each scored on its own; add more when editing.",
    )


class CategoryForm(forms.Form):
    """Rename or reweigh a category (``key`` names it), or add one (no ``key``)."""

    key = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    name = SingleLineField(label="Name", max_length=80)
    weight = forms.DecimalField(
        label="Weight",
        min_value=0.01,
        max_value=100,
        decimal_places=2,
        initial=1,
        help_text="Relative to the other categories in the total.",
    )


class QuestionForm(forms.Form):
    """One question of any kind; only the fields of its kind are read."""

    kind = forms.ChoiceField(choices=QuestionKind.choices, widget=forms.HiddenInput)
    category = forms.CharField(max_length=40, widget=forms.HiddenInput)
    question_id = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    prompt = forms.CharField(
        label="Question", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    points = forms.IntegerField(label="Points", min_value=1, max_value=100, initial=1)
    options = forms.CharField(
        label="Options",
        required=False,
        help_text="One per line, 2 to 8.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    correct = forms.CharField(
        label="Right options",
        required=False,
        max_length=40,
        help_text="Their line numbers, counting from 1 (for example 2, or 1, 3 for “select all that apply”).",
    )
    answer = forms.FloatField(label="Expected answer", required=False)
    tolerance = forms.FloatField(label="Tolerance", required=False, min_value=0, initial=0)
    unit = SingleLineField(label="Unit", required=False, max_length=20)
    rubric = forms.CharField(
        label="Rubric",
        required=False,
        help_text="One point per line. For written answers: “point | keyword, phrase, apolog*” marks it "
        "automatically; a point without keywords goes to a reviewer. Spoken answers: points only.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    maxWords = forms.IntegerField(
        label="Most words", required=False, min_value=10, max_value=1000, initial=200
    )
    passage = forms.CharField(
        label="Passage to type",
        required=False,
        help_text="150 to 1200 characters.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    durationSeconds = forms.IntegerField(
        label="Duration (seconds)", required=False, min_value=30, max_value=300, initial=60
    )
    targetWpm = forms.IntegerField(
        label="Target (words a minute)", required=False, min_value=10, max_value=150, initial=40
    )
    maxSeconds = forms.IntegerField(
        label="Longest recording (seconds)", required=False, min_value=15, max_value=300, initial=90
    )

    KIND_FIELDS = {
        "MULTIPLE_CHOICE": ("prompt", "options", "correct"),
        "NUMERIC": ("prompt", "answer", "tolerance", "unit"),
        "SHORT_TEXT": ("prompt", "rubric", "maxWords"),
        "TYPING": ("prompt", "passage", "durationSeconds", "targetWpm"),
        "SPOKEN": ("prompt", "rubric", "maxSeconds"),
    }

    def kind_fields(self) -> list:
        kind = self.data.get("kind") if self.is_bound else self.initial.get("kind")
        return [self[name] for name in (*self.KIND_FIELDS.get(kind, ()), "points")]

    @classmethod
    def for_question(cls, category_key: str, question: dict) -> "QuestionForm":
        initial = {"kind": question["kind"], "category": category_key, "question_id": question["id"]}
        for name in ("prompt", "points", "unit", "maxWords", "passage", "durationSeconds", "targetWpm"):
            if name in question:
                initial[name] = question[name]
        initial["maxSeconds"] = question.get("maxSeconds", 90)
        if "options" in question:
            initial["options"] = "\n".join(question["options"])
            initial["correct"] = ", ".join(str(index + 1) for index in question.get("correct", []))
        if "answer" in question:
            initial["answer"] = question["answer"]
            initial["tolerance"] = question.get("tolerance", 0)
        if "rubric" in question:
            initial["rubric"] = "\n".join(
                point["point"] + (" | " + ", ".join(point["keywords"]) if point.get("keywords") else "")
                for point in question["rubric"]
            )
        return cls(initial=initial)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == "MULTIPLE_CHOICE" and cleaned.get("correct"):
            try:
                cleaned["correct_indices"] = [
                    int(part) - 1 for part in re.split(r"[,\s]+", cleaned["correct"].strip())
                ]
            except ValueError:
                self.add_error("correct", "Line numbers separated by commas, for example 1, 3.")
        if kind == "NUMERIC" and cleaned.get("answer") is None and "answer" not in self.errors:
            self.add_error("answer", "The expected number.")
        return cleaned

    def question(self, *, question_id: str) -> dict:
        """The question as the content schema stores it (the service judges its meaning)."""
        data = self.cleaned_data
        kind = data["kind"]
        question = {
            "id": question_id,
            "kind": kind,
            "prompt": (data.get("prompt") or "").strip(),
            "points": data["points"],
        }
        if kind == "MULTIPLE_CHOICE":
            question["options"] = lines(data.get("options", ""))
            question["correct"] = data.get("correct_indices", [])
        elif kind == "NUMERIC":
            question["answer"] = _number(data["answer"])
            question["tolerance"] = _number(data.get("tolerance") or 0)
            if data.get("unit"):
                question["unit"] = data["unit"]
        elif kind in ("SHORT_TEXT", "SPOKEN"):
            question["rubric"] = rubric_points(data.get("rubric", ""))
            if kind == "SHORT_TEXT":
                question["maxWords"] = data.get("maxWords") or 200
            else:
                question["maxSeconds"] = data.get("maxSeconds") or 90
        elif kind == "TYPING":
            question["passage"] = " ".join((data.get("passage") or "").split())
            question["durationSeconds"] = data.get("durationSeconds") or 60
            question["targetWpm"] = data.get("targetWpm") or 40
        return question


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def rubric_points(text: str) -> list[dict]:
    """``point | keyword, keyword*`` per line → the schema's rubric (keywords only when given)."""
    points = []
    for line in lines(text):
        point, _, keywords = line.partition("|")
        item = {"point": point.strip()}
        words = [word.strip() for word in keywords.split(",") if word.strip()]
        if words:
            item["keywords"] = words
        points.append(item)
    return points


class QuestionActionForm(forms.Form):
    question_id = forms.CharField(max_length=40)
    action = forms.ChoiceField(choices=[("up", "Move up"), ("down", "Move down"), ("delete", "Delete")])


class ReviewForm(forms.Form):
    """One checkbox per rubric point (``met`` carries the indices of those met)."""

    met = forms.TypedMultipleChoiceField(required=False, coerce=int, choices=[])

    def __init__(self, *args, rubric: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        self.fields["met"].choices = [(index, point["point"]) for index, point in enumerate(rubric)]

    def rubric_met(self) -> list[bool]:
        met = set(self.cleaned_data["met"])
        return [index in met for index in range(len(self.rubric))]


class EmailListField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 5})

    def clean(self, value):
        text = super().clean(value) or ""
        emails = [part.strip().lower() for part in re.split(r"[\s,;]+", text) if part.strip()]
        bad = []
        for email in emails:
            try:
                validate_email(email)
            except forms.ValidationError:
                bad.append(email)
        if bad:
            raise forms.ValidationError(f"Not an email address: {', '.join(bad[:5])}.")
        return list(dict.fromkeys(emails))


class _InviteTerms(forms.Form):
    expiresInDays = forms.IntegerField(
        label="Link valid for (days)", min_value=1, max_value=MAX_EXPIRY_DAYS, initial=DEFAULT_EXPIRY_DAYS
    )
    extraTimePercent = forms.IntegerField(
        label="Extra time (%)",
        min_value=0,
        max_value=MAX_EXTRA_TIME_PERCENT,
        initial=0,
        help_text="An accommodation: for example 25 or 50 for more time than the limit.",
    )


class InviteForm(_InviteTerms):
    emails = EmailListField(label="Candidates' emails", help_text="One per line (or separated by commas).")


class AssessmentChoiceField(forms.TypedChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("coerce", str)
        super().__init__(*args, **kwargs)


class ApplicationInviteForm(_InviteTerms):
    """Invite one application's candidate, or the ticked applications of a job (``applications``)."""

    assessment = AssessmentChoiceField(label="Assessment", choices=[])
    applications = UUIDListField(required=False)

    def __init__(self, *args, definitions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment"].choices = [(str(d.id), d.name) for d in definitions]


# -- edits of the content (pure: a new dict each time) -----------------------------------------------------
def _categories(content: dict) -> list[dict]:
    return content["categories"]


def new_key(name: str, taken: set[str], *, prefix: str = "") -> str:
    base = (slugify(name)[:30].strip("-") or prefix or "item").lower()
    key = base
    while key in taken or not re.match(r"^[a-z0-9]", key):
        key = f"{base}-{secrets.token_hex(2)}"[:40]
    return key


def question_ids(content: dict) -> set[str]:
    return {question["id"] for category in _categories(content) for question in category["questions"]}


def find_question(content: dict, question_id: str) -> tuple[int, int] | None:
    for c_index, category in enumerate(_categories(content)):
        for q_index, question in enumerate(category["questions"]):
            if question["id"] == question_id:
                return c_index, q_index
    return None


def content_with_category(content: dict, *, key: str, name: str, weight) -> dict:
    """Rename and reweigh the category ``key``; a new one (with no questions yet) when ``key`` is blank."""
    content = copy.deepcopy(content)
    weight = _number(float(weight))
    for category in _categories(content):
        if key and category["key"] == key:
            category["name"], category["weight"] = name, weight
            return content
    taken = {category["key"] for category in _categories(content)}
    # A category holds at least one question: a new one starts with an example to replace.
    _categories(content).append(
        {
            "key": new_key(name, taken, prefix="category"),
            "name": name,
            "weight": weight,
            "questions": [example_question(question_ids(content))],
        }
    )
    return content


def content_without_category(content: dict, *, key: str) -> dict:
    content = copy.deepcopy(content)
    content["categories"] = [category for category in _categories(content) if category["key"] != key]
    return content


def content_with_question(content: dict, *, category_key: str, question: dict) -> dict:
    """Replace the question of the same id, or add it at the end of ``category_key``."""
    content = copy.deepcopy(content)
    found = find_question(content, question["id"])
    if found is not None:
        c_index, q_index = found
        _categories(content)[c_index]["questions"][q_index] = question
        return content
    for category in _categories(content):
        if category["key"] == category_key:
            category["questions"].append(question)
            return content
    raise KeyError(category_key)


def content_question_action(content: dict, *, question_id: str, action: str) -> dict:
    content = copy.deepcopy(content)
    found = find_question(content, question_id)
    if found is None:
        raise KeyError(question_id)
    c_index, q_index = found
    items = _categories(content)[c_index]["questions"]
    if action == "delete":
        items.pop(q_index)
    else:
        other = q_index - 1 if action == "up" else q_index + 1
        if 0 <= other < len(items):
            items[q_index], items[other] = items[other], items[q_index]
    return content


def question_field_map(fields: dict, *, content: dict, question_id: str) -> dict[str, str]:
    """The service's paths of one question's problems → the question form's field names."""
    found = find_question(content, question_id)
    if found is None:
        return {}
    prefix = f"content.categories[{found[0]}].questions[{found[1]}]."
    mapping = {}
    for path in fields:
        if path.startswith(prefix):
            mapping[path] = re.split(r"[.\[]", path[len(prefix) :], maxsplit=1)[0]
    return mapping


def starter_content(category_name: str) -> dict:
    """A new assessment's first version: one category with an example question to replace."""
    return {
        "categories": [
            {
                "key": new_key(category_name, set(), prefix="general"),
                "name": category_name,
                "weight": 1,
                "questions": [example_question(set())],
            }
        ]
    }


def example_question(taken: set[str]) -> dict:
    return {
        "id": new_key("example", taken),
        "kind": "MULTIPLE_CHOICE",
        "prompt": "Example question: add your own, then delete this one.",
        "points": 1,
        "options": ["Yes", "No"],
        "correct": [0],
    }
