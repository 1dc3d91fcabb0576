"""Forms of the people pages: finding a person, saving them to the talent pool, merging two records, and
choosing the job whose pool suggestions to show. Shapes only; the services judge the rest."""

from django import forms

from dashboard.forms import SingleLineField
from scoring.matching import ALL_DEPARTMENTS


class CandidateSearchForm(forms.Form):
    q = SingleLineField(
        label="Search by name or email",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class PoolSearchForm(forms.Form):
    q = SingleLineField(
        label="Name or email",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    department = SingleLineField(label="Department", required=False, max_length=120)


def _application_label(application) -> str:
    score = "not scored" if application.score is None else f"score {application.score}"
    return f"{application.job.title} ({score})"


class PoolAddForm(forms.Form):
    """Save a person to the pool; with one of their applications, its job and score are remembered."""

    application = forms.ChoiceField(label="Saved for the job", required=False)
    department = SingleLineField(
        label="Department",
        required=False,
        max_length=120,
        help_text="Leave empty to use the department of the job chosen above.",
    )
    note = forms.CharField(
        label="Note for your team",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [("", "No particular job")] + [
            (str(application.id), _application_label(application)) for application in applications
        ]

    def service_arguments(self) -> dict:
        # An empty department means "the job's": the service takes None for that, "" for none at all.
        department = self.cleaned_data["department"] or None
        if department is None and not self.cleaned_data["application"]:
            department = ""
        return {"department": department, "note": self.cleaned_data["note"].strip()}


class MergeForm(forms.Form):
    absorbed = forms.UUIDField(label="The other record (its applications move here)")


class MergeUndoForm(forms.Form):
    merge = forms.UUIDField()


class PoolSuggestForm(forms.Form):
    job = forms.ChoiceField(label="Job")
    suggest_department = SingleLineField(
        label="Pool department",
        required=False,
        max_length=120,
        help_text=f"Empty: the job's own department. “{ALL_DEPARTMENTS}”: the whole pool.",
    )

    def __init__(self, *args, jobs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job"].choices = [("", "Choose a job")] + [(str(job.id), job.title) for job in jobs]
