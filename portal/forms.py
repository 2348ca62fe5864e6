from django import forms
from django.utils.translation import gettext_lazy as _

from .services import COMMENT_MAX_LENGTH


class CommentForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=100)
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("Never shown on the site; editors may use it to reply."),
        # The column holds 254 characters (RFC 5321's path limit); Django's form field would let
        # 320 through, and PostgreSQL then refuses the insert (a 500).
        max_length=254,
    )
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": COMMENT_MAX_LENGTH}),
        # The service gives the precise message; the form only stops absurd sizes early.
        max_length=COMMENT_MAX_LENGTH,
        error_messages={"max_length": _("A comment can have at most 3,000 characters.")},
    )
    # Left empty by people; bots that fill every field give themselves away.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
