from django import forms


class JoinNewAccountForm(forms.Form):
    full_name = forms.CharField(
        label="Your full name", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password = forms.CharField(
        label="Choose a password",
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())  # one line, whatever was pasted
        if not name:
            raise forms.ValidationError("Enter your name.")
        return name


class JoinExistingAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
