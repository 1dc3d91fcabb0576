"""Forms of the settings pages. Each mirrors the API's input serializer for the same action (its limits
and choices) and checks shape only: the service judges the rest (a role above yours, a full plan, an
unsafe webhook URL) and its refusal is shown on the field it names."""

from django import forms

from accounts.models import ApiKeyScope, MembershipRole
from billing.services import MAX_INVOICE_MONTHS
from dashboard.forms import SingleLineField
from webhooks.models import ALL_EVENTS, EventType


def _role_choices(roles: list[str]) -> list[tuple[str, str]]:
    return [(role, MembershipRole(role).label) for role in roles]


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Email", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    role = forms.ChoiceField(
        label="Role", help_text="What they may do once they join; not above your own role."
    )

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(roles)
        self.fields["role"].initial = MembershipRole.RECRUITER if MembershipRole.RECRUITER in roles else None


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role")

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(roles)


class OwnershipTransferForm(forms.Form):
    member = forms.ChoiceField(
        label="New owner",
        help_text="They become the owner; you become an admin. This cannot be undone by you.",
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [
            (str(m.id), f"{m.user.full_name or m.user.email} ({m.user.email})") for m in members
        ]


class ApiKeyForm(forms.Form):
    name = SingleLineField(
        label="Name",
        max_length=100,
        help_text="What the key is for, e.g. “Greenhouse sync”: you will recognise it in the list.",
    )
    scope = forms.ChoiceField(
        label="Scope",
        choices=ApiKeyScope.choices,
        initial=ApiKeyScope.FULL,
        widget=forms.RadioSelect,
        help_text=(
            "Read only: jobs, applications, candidates, analytics, billing and webhooks, unchanged. "
            "Read and write: also the hiring work and webhooks. No key manages keys, the team or settings."
        ),
    )


EVENT_CHOICES = [
    (ALL_EVENTS, "Every event, including types added later"),
    *[(e, e) for e in EventType.values],
]


class WebhookForm(forms.Form):
    url = SingleLineField(
        label="Endpoint URL",
        max_length=2000,
        help_text="An https URL on a public address, without credentials. Checked again before every delivery.",
        widget=forms.URLInput(attrs={"placeholder": "https://example.com/hooks/hirescope"}),
    )
    events = forms.MultipleChoiceField(
        label="Events",
        choices=EVENT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=[ALL_EVENTS],
        help_text="“Every event” receives each type, also the ones HireScope adds later.",
    )
    description = SingleLineField(label="Description", max_length=200, required=False)
    enabled = forms.BooleanField(
        label="Enabled",
        required=False,
        initial=True,
        help_text="Enabling again clears the failure record; disabling stops the pending deliveries.",
    )

    @classmethod
    def for_endpoint(cls, endpoint, data=None):
        initial = {
            "url": endpoint.url,
            "events": endpoint.events,
            "description": endpoint.description,
            "enabled": endpoint.enabled,
        }
        return cls(data, initial=initial)


class DeliveryFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[
            ("", "Any status"),
            ("PENDING", "Pending"),
            ("SUCCEEDED", "Succeeded"),
            ("FAILED", "Failed"),
        ],
    )


class PlanChoiceForm(forms.Form):
    plan_code = forms.ChoiceField(label="Plan")
    months = forms.IntegerField(
        label="Months", min_value=1, max_value=MAX_INVOICE_MONTHS, initial=1, help_text="Paid in advance."
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_code"].choices = [
            (plan.code, f"{plan.name}: {plan.monthly_price} {plan.currency} a month")
            for plan in plans
            if not plan.is_trial
        ]


class CompanySettingsForm(forms.Form):
    blind_review = forms.BooleanField(
        label="Blind review",
        required=False,
        help_text="Hide candidates' name, contacts, links and location from reviewers, to judge the work alone.",
    )
    candidate_retention_months = forms.IntegerField(
        label="Keep unsuccessful candidates' data for (months)",
        min_value=1,
        max_value=120,
        help_text="Counted from their last activity; then their personal data is erased. Between 1 and 120.",
    )


class AuditFilterForm(forms.Form):
    """The API's audit filters (``teams.filters.AuditEntryFilter``), as a form for people."""

    actor = forms.ChoiceField(label="Who", required=False)
    action = SingleLineField(
        label="Action",
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"placeholder": "e.g. member.invited"}),
    )
    since = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(
        label="Until (inclusive)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].choices = [("", "Anyone")] + [
            (str(m.user_id), m.user.full_name or m.user.email) for m in members
        ]
