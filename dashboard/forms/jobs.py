"""Forms of the jobs pages: the job (the fields ``POST /jobs`` accepts), its rubric, the list's filters and
the talent-pool step of a deletion. They check shape; ``scoring.job_editing`` and the rubric services
judge the rest (salary order, plan limits, a rubric the engine cannot read)."""

import uuid

from django import forms

from dashboard.forms import SingleLineField, one_line
from jobs.models import EducationLevel, EmploymentType, Job, JobStatus

MAX_LIST_ITEMS = 50  # as the API's StringListField
MAX_LABEL = 100


class LabelListField(forms.CharField):
    """Short labels (skills, languages) typed comma- or line-separated: trimmed, de-duplicated in any case,
    order kept. Shown back the same way."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        labels, seen = [], set()
        for part in text.replace("\n", ",").split(","):
            label = one_line(part)
            if label and label.lower() not in seen:
                seen.add(label.lower())
                labels.append(label)
        return labels

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(value) > MAX_LIST_ITEMS:
            raise forms.ValidationError(f"At most {MAX_LIST_ITEMS} items.")
        too_long = [label for label in value if len(label) > MAX_LABEL]
        if too_long:
            raise forms.ValidationError(f"Keep each item under {MAX_LABEL} characters: {too_long[0][:40]}…")


class JobForm(forms.Form):
    """A job's fields. ``changes(job)`` gives an edit only what changed, as the API's PATCH would."""

    title = SingleLineField(label="Job title", max_length=200)
    description = forms.CharField(
        label="Description",
        max_length=50_000,
        help_text="What the person will do, what they need, pay, place. Requirements are read from it.",
        widget=forms.Textarea(attrs={"rows": 18}),
    )
    department = SingleLineField(label="Department", max_length=120, required=False)
    location = SingleLineField(label="Location", max_length=200, required=False)
    employment_type = forms.ChoiceField(
        label="Employment type", choices=EmploymentType.choices, initial=EmploymentType.FULL_TIME
    )
    required_skills = LabelListField(label="Required skills", help_text="Comma-separated, e.g. Python, SQL.")
    nice_to_have_skills = LabelListField(label="Nice-to-have skills", help_text="Comma-separated.")
    min_years_experience = forms.DecimalField(
        label="Minimum years of experience", required=False, min_value=0, max_value=60, decimal_places=1
    )
    education_level = forms.ChoiceField(
        label="Minimum education", required=False, choices=[("", "Not required"), *EducationLevel.choices]
    )
    languages = LabelListField(label="Languages", help_text="Comma-separated, e.g. English, German.")
    salary_min = forms.IntegerField(label="Salary from", required=False, min_value=0, max_value=2_147_483_647)
    salary_max = forms.IntegerField(label="Salary to", required=False, min_value=0, max_value=2_147_483_647)
    salary_currency = forms.RegexField(
        label="Currency",
        regex=r"\A[A-Z]{3}\Z",
        required=False,
        max_length=3,
        help_text="ISO 4217, e.g. EUR.",
        error_messages={"invalid": "Three capital letters, e.g. EUR."},
    )
    latitude = forms.DecimalField(
        label="Latitude", required=False, min_value=-90, max_value=90, decimal_places=6
    )
    longitude = forms.DecimalField(
        label="Longitude", required=False, min_value=-180, max_value=180, decimal_places=6
    )
    is_public = forms.BooleanField(
        label="List it publicly: the apply link works and it shows on your careers page",
        required=False,
        initial=True,
    )

    def __init__(self, *args, job: Job | None = None, review_url: str = "", **kwargs):
        if job is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(job, name) for name in self.base_fields}
        super().__init__(*args, **kwargs)
        if review_url:
            # The findings beside the description follow it as it is typed (htmx; the page's "Check the
            # description" button does the same without JavaScript).
            self.fields["description"].widget.attrs.update(
                {
                    "hx-post": review_url,
                    "hx-trigger": "keyup changed delay:800ms",
                    "hx-target": "#job-review",
                    "hx-include": "closest form",
                    "hx-sync": "this:replace",
                }
            )
        if job is None:
            # A new job starts as a draft or goes live at once; later the page's publish/close buttons move it.
            self.fields["status"] = forms.ChoiceField(
                label="Status",
                choices=[(JobStatus.DRAFT, "Draft: not open yet"), (JobStatus.ACTIVE, "Active: open now")],
                initial=JobStatus.DRAFT,
            )

    def clean_description(self) -> str:
        # Browsers send CRLF; the stored text (and an edit's "did it change?") uses LF, as the API's JSON.
        return self.cleaned_data["description"].replace("\r\n", "\n")

    def clean(self):
        data = super().clean()
        for name in ("education_level", "salary_currency"):
            if name in data:
                data[name] = data[name] or ""
        return data

    def changes(self, job: Job) -> dict:
        """The cleaned fields whose value differs from ``job``'s."""
        return {name: value for name, value in self.cleaned_data.items() if getattr(job, name) != value}

    def draft(self) -> dict:
        """Whatever was typed, valid or not, for the optimizer's look at an unsaved description."""
        cleaned = getattr(self, "cleaned_data", {})
        draft = {}
        for name, field in self.fields.items():
            if name in cleaned:
                draft[name] = cleaned[name]
                continue
            try:  # a field that failed validation: its value as far as it reads, else empty
                draft[name] = field.to_python(
                    field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
                )
            except forms.ValidationError:
                draft[name] = None
        return {name: value for name, value in draft.items() if value is not None}


KIND_CHOICES = [("MUST_HAVE", "Must-have"), ("NICE_TO_HAVE", "Nice-to-have")]
CATEGORY_CHOICES = [
    ("SKILL", "Skill"),
    ("EXPERIENCE", "Experience"),
    ("EDUCATION", "Education"),
    ("LANGUAGE", "Language"),
    ("CERTIFICATION", "Certification"),
]


class RequirementForm(forms.Form):
    """One row of the rubric (the API's RubricRequirementSerializer, field for field)."""

    # Initial values on every field, so a blank row posted back counts as untouched and is skipped.
    kind = forms.ChoiceField(label="Kind", choices=KIND_CHOICES, initial="MUST_HAVE")
    category = forms.ChoiceField(label="Category", choices=CATEGORY_CHOICES, initial="SKILL")
    name = SingleLineField(label="Requirement", max_length=200, required=False)
    any_of = LabelListField(
        label="Any one of",
        help_text="Skill or certification: two or more alternatives, comma-separated.",
        widget=forms.TextInput(),
    )
    weight = forms.FloatField(label="Weight", min_value=0.01, max_value=100, initial=1)
    knockout = forms.BooleanField(label="Knock-out", required=False)
    years = forms.FloatField(label="Years", required=False, min_value=0.5, max_value=50)
    level = forms.ChoiceField(label="Level", required=False, choices=[("", "—"), *EducationLevel.choices])
    source = forms.CharField(required=False, widget=forms.HiddenInput(), max_length=20)

    def clean_any_of(self):
        any_of = self.cleaned_data["any_of"]
        if len(any_of) == 1:
            raise forms.ValidationError("Give two or more alternatives, or leave it empty.")
        if len(any_of) > 20:
            raise forms.ValidationError("At most 20 alternatives.")
        return any_of

    def is_filled(self) -> bool:
        data = getattr(self, "cleaned_data", None) or {}
        return any(data.get(name) for name in ("name", "any_of", "years", "level"))

    def requirement(self) -> dict:
        """The row as the rubric services take it (the API's camelCase keys, empty ones left out)."""
        data = self.cleaned_data
        item = {
            "kind": data["kind"],
            "category": data["category"],
            "name": data["name"],
            "weight": data["weight"],
        }
        item["knockout"] = data["knockout"]
        optional = {
            "years": data.get("years"),
            "level": data.get("level"),
            "anyOf": data.get("any_of"),
            "source": data.get("source"),
        }
        item.update({key: value for key, value in optional.items() if value})
        return item


class BaseRubricFormSet(forms.BaseFormSet):
    def rubric(self) -> dict:
        """The rows kept (filled in, not marked for removal) as ``{"requirements": [...]}``."""
        return {
            "requirements": [
                form.requirement()
                for form in self.forms
                if form.is_filled() and not self._should_delete_form(form)
            ]
        }


# Two blank rows to add requirements without JavaScript; "Remove" ticks drop a row.
RubricFormSet = forms.formset_factory(
    RequirementForm, formset=BaseRubricFormSet, extra=2, can_delete=True, max_num=100, validate_max=True
)
# What a member who may only read sees: the rows, nothing to add or remove.
RubricReadOnlyFormSet = forms.formset_factory(RequirementForm, formset=BaseRubricFormSet, extra=0)


def rubric_initial(rubric: dict) -> list[dict]:
    """A stored rubric's requirements as the rows of :data:`RubricFormSet`."""
    return [
        {
            "kind": item.get("kind"),
            "category": item.get("category"),
            "name": item.get("name", ""),
            "any_of": item.get("anyOf") or [],
            "weight": item.get("weight", 1),
            "knockout": bool(item.get("knockout")),
            "years": item.get("years"),
            "level": item.get("level") or "",
            "source": item.get("source") or "",
        }
        for item in rubric.get("requirements", [])
    ]


STATUS_FILTER_CHOICES = [("", "All statuses"), *JobStatus.choices]


class JobFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=STATUS_FILTER_CHOICES, required=False)
    q = SingleLineField(label="Search", max_length=200, required=False)


class JobStatusForm(forms.Form):
    status = forms.ChoiceField(choices=JobStatus.choices)


class TalentPoolChoiceForm(forms.Form):
    """The talent-pool step of a deletion: which of the offered candidates to keep."""

    candidate_ids = forms.TypedMultipleChoiceField(
        label="Save to the talent pool", required=False, coerce=uuid.UUID, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, offered: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate_ids"].choices = [
            (str(row["candidate_id"]), str(row["candidate_id"])) for row in offered
        ]
