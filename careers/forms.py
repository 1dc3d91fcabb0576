"""The careers site's forms. They validate what people type; the services in candidates/ and accounts/
do the work. Field rules mirror the API's input serializers, so both doors accept the same data."""

import re

from django import forms
from django.conf import settings

from hiresscope.forms import add_domain_error  # noqa: F401 - the careers views call it from here
from hiresscope.serializer_fields import LINKEDIN_URL_PATTERN, PHONE_PATTERN

CV_ACCEPT = ".pdf,.docx,.txt,.doc,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/msword,text/plain"
PHONE_ERROR = "Enter a phone number with digits, and only spaces, +, ( ), - or . between them."


def cv_size_limit() -> str:
    return f"{settings.CV_MAX_BYTES / 1_048_576:g} MB"


class ContactForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label="Email", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.RegexField(
        label="Phone",
        regex=PHONE_PATTERN,
        required=False,
        error_messages={"invalid": PHONE_ERROR},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    linkedin_url = forms.URLField(
        label="LinkedIn profile",
        max_length=300,
        required=False,
        assume_scheme="https",
        help_text="For example https://www.linkedin.com/in/your-name",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )


class ApplyForm(ContactForm):
    """The apply form. The CV is judged by :func:`candidates.intake.read_cv_upload` in the view, which
    also knows about a CV kept from an earlier submission; here it is only an optional file field."""

    cv = forms.FileField(
        label="CV file",
        required=False,
        allow_empty_file=True,  # the intake says "The file is empty." itself
        widget=forms.FileInput(attrs={"accept": CV_ACCEPT}),
    )
    consent = forms.BooleanField(
        label="I agree to the processing of my CV and details for this application.",
        widget=forms.CheckboxInput(attrs={"aria-describedby": "consent-text"}),
        error_messages={
            "required": "Tick the box to agree to the processing of your CV, or we cannot apply."
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cv"].widget.attrs["data-max-bytes"] = str(settings.CV_MAX_BYTES)
        self.fields["cv"].help_text = f"PDF, Word (.docx or .doc) or plain text, at most {cv_size_limit()}."


class RegisterForm(forms.Form):
    full_name = ContactForm.base_fields["full_name"]
    email = ContactForm.base_fields["email"]
    password = forms.CharField(
        label="Password",
        max_length=128,
        strip=False,
        help_text="At least 8 characters; not a common password, not only digits, not like your name or email.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class LoginForm(forms.Form):
    email = forms.EmailField(
        label="Email", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label="Password",
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordResetRequestForm(forms.Form):
    email = LoginForm.base_fields["email"]


class PasswordResetForm(forms.Form):
    new_password = forms.CharField(
        label="New password",
        max_length=128,
        strip=False,
        help_text=RegisterForm.base_fields["password"].help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_again = forms.CharField(
        label="New password, again",
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", "The two passwords differ; type the same one twice.")
        return data


class ProfileForm(forms.Form):
    full_name = ContactForm.base_fields["full_name"]
    phone = ContactForm.base_fields["phone"]
    linkedin_url = ContactForm.base_fields["linkedin_url"]

    def clean_linkedin_url(self) -> str:
        # The same rule as the API's profile (hiresscope.serializer_fields.LinkedInUrlField).
        value = self.cleaned_data["linkedin_url"]
        if value and not re.search(LINKEDIN_URL_PATTERN, value):
            raise forms.ValidationError("Enter a LinkedIn profile URL (https://www.linkedin.com/in/…).")
        return value


class ReviewRequestForm(forms.Form):
    message = forms.CharField(
        label="What should a person look at again?",
        max_length=2000,
        required=False,
        help_text="For example, experience the score did not count, or a skill named differently in your CV.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label="I understand that my account and my applications' data are deleted for good.",
        error_messages={"required": "Tick the box to confirm that you want everything deleted."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password
