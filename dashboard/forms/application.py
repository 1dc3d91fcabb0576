"""Forms of the application page: a team note, and the answer to a candidate's review request."""

from django import forms

from candidates.models import NOTE_MAX_LENGTH


class NoteForm(forms.Form):
    body = forms.CharField(
        label="Add a note",
        max_length=NOTE_MAX_LENGTH,
        help_text="Only your team sees notes. Write @ and a teammate's email (or the part before the @) to email them a link.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviewResolveForm(forms.Form):
    review_id = forms.UUIDField(widget=forms.HiddenInput)
    resolution = forms.CharField(
        label="Your conclusion",
        max_length=2000,
        help_text="The candidate reads this answer.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
