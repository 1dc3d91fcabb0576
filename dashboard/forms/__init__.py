"""Forms of the dashboard's own pages (signing in and up). Each validates shape only; the service it feeds
judges meaning (a taken email, a weak password, an unknown referral code) and its refusal is shown on
the field it names."""

from django import forms

from hiresscope.forms import add_domain_error  # noqa: F401 - the dashboard views call it from here


def one_line(value: str) -> str:
    return " ".join(value.split())


class SingleLineField(forms.CharField):
    def clean(self, value):
        return one_line(super().clean(value) or "")


class LoginForm(forms.Form):
    email = forms.EmailField(label="Email", widget=forms.EmailInput(attrs={"autocomplete": "username"}))
    password = forms.CharField(
        label="Password",
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SignupForm(forms.Form):
    company_name = SingleLineField(
        label="Company name", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "organization"})
    )
    full_name = SingleLineField(
        label="Your full name", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(label="Work email", widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        label="Choose a password",
        strip=False,
        max_length=128,
        help_text="At least 8 characters, not a common password and not only digits.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    referral_code = SingleLineField(
        label="Referral code",
        required=False,
        max_length=32,
        help_text="From a company that invited you; it earns them (and you) a free month when you subscribe.",
    )


class PasswordForgotForm(forms.Form):
    email = forms.EmailField(label="Email", widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class PasswordResetForm(forms.Form):
    password = forms.CharField(
        label="New password",
        strip=False,
        max_length=128,
        help_text="At least 8 characters, not a common password and not only digits.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
