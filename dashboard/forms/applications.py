"""Forms of a job's applications pages: the ranked table's filters, its bulk stage change, the CV upload.

The filter form's field names are the API's query parameters (``status``, ``scoreMin``, ``flagged``,
``search``, ``ordering``): the page's query string is handed to the API's own FilterSet as it is, and
the CSV export link carries it unchanged, so the file holds exactly the rows the table shows.
"""

from django import forms

from candidates.models import ApplicationStatus, ProcessingStatus
from candidates.services.status import BULK_STATUS_MAX
from candidates.services.submission import BULK_MAX_FILES
from candidates.stages import PIPELINE_ORDER
from dashboard.forms import SingleLineField

# The table's sort links, as the API's ``ordering`` values. Best score first is the ranked table's order.
DEFAULT_ORDERING = "-score"
ORDERINGS = {
    "-score": "Best score first",
    "score": "Lowest score first",
    "-createdAt": "Newest first",
    "createdAt": "Oldest first",
    "name": "Name A to Z",
    "-name": "Name Z to A",
}
# Sorting by name would undo blind review (the API refuses it with a 403): not offered then.
IDENTITY_ORDERINGS = ("name", "-name")
STAGE_CHOICES = [(stage, ApplicationStatus(stage).label) for stage in PIPELINE_ORDER]


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(label="Stage", required=False, choices=[("", "Any stage"), *STAGE_CHOICES])
    processingStatus = forms.ChoiceField(
        label="Processing", required=False, choices=[("", "Any"), *ProcessingStatus.choices]
    )
    scoreMin = forms.IntegerField(
        label="Minimum score",
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "0 to 100"}),
    )
    flagged = forms.ChoiceField(
        label="Integrity flags",
        required=False,
        choices=[("", "Any"), ("true", "Flagged only"), ("false", "Not flagged")],
    )
    search = SingleLineField(
        label="Name or email",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    # Set by the column headers' links, not typed: an unknown or (under blind review) refused sort falls
    # back to the ranked order instead of showing an error about a field nobody sees.
    ordering = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, blind_review: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.blind_review = blind_review
        if blind_review:
            del self.fields["search"]

    def clean_ordering(self) -> str:
        ordering = self.cleaned_data["ordering"]
        if ordering not in ORDERINGS or (self.blind_review and ordering in IDENTITY_ORDERINGS):
            return DEFAULT_ORDERING
        return ordering

    def api_params(self) -> dict[str, str]:
        """The valid filters as the API's query parameters (an invalid one is left out and shown)."""
        cleaned = getattr(self, "cleaned_data", {})
        params = {}
        for name in ("status", "processingStatus", "flagged", "search"):
            if cleaned.get(name):
                params[name] = cleaned[name]
        if cleaned.get("scoreMin") is not None:
            params["scoreMin"] = str(cleaned["scoreMin"])
        return params

    def ordering_value(self) -> str:
        return getattr(self, "cleaned_data", {}).get("ordering") or DEFAULT_ORDERING


class UUIDListField(forms.Field):
    """The ticked rows: one or more application ids (checkboxes named ``applications``)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        ids = []
        for item in values:
            try:
                ids.append(forms.UUIDField().to_python(item))
            except forms.ValidationError:
                raise forms.ValidationError("An application in the selection is not valid.") from None
        return list(dict.fromkeys(ids))  # ticked twice (two forms on one page) is moved once

    def validate(self, value):
        super().validate(value)
        if len(value) > BULK_STATUS_MAX:
            raise forms.ValidationError(f"Choose at most {BULK_STATUS_MAX} applications at a time.")


class BulkStatusForm(forms.Form):
    applications = UUIDListField(error_messages={"required": "Tick at least one application first."})
    # "Shortlist" and "Reject" buttons send ``quick``; "Move" sends the stage chosen in ``status``.
    quick = forms.ChoiceField(
        required=False,
        choices=[(ApplicationStatus.SHORTLISTED, "Shortlist"), (ApplicationStatus.REJECTED, "Reject")],
    )
    status = forms.ChoiceField(label="Move to", required=False, choices=STAGE_CHOICES)
    reason = SingleLineField(
        label="Reason",
        required=False,
        max_length=500,
        help_text="Kept in each application's history; required to reject.",
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["to_status"] = cleaned.get("quick") or cleaned.get("status")
        if not cleaned["to_status"]:
            self.add_error("status", "Choose the stage to move the selected applications to.")
        elif cleaned["to_status"] == ApplicationStatus.REJECTED and not cleaned.get("reason"):
            self.add_error("reason", "Give a reason for the rejection: it stays in the history.")
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name, as Django's documentation shapes it; each is judged by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > BULK_MAX_FILES:
            raise forms.ValidationError(
                f"Choose at most {BULK_MAX_FILES} CVs at a time (you chose {len(files)})."
            )
        return list(files)


class CvUploadForm(forms.Form):
    files = MultipleFileField(
        label="CV files",
        help_text=f"1 to {BULK_MAX_FILES} files: PDF, DOCX, DOC or TXT, at most 5 MB each.",
        error_messages={"required": "Choose at least one CV to upload."},
        widget=MultipleFileInput(attrs={"accept": ".pdf,.docx,.doc,.txt"}),
    )
