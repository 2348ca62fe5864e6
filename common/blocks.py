from django import forms
from wagtail import blocks

from .validators import validate_http_url


class HttpURLBlock(blocks.URLBlock):
    """The URLBlock to use in every StreamField: http(s) addresses only (Wagtail's own also takes
    ftp:); an address typed without a scheme is read as https, as in the admin's forms."""

    def __init__(
        self,
        required=True,
        help_text=None,
        max_length=None,
        min_length=None,
        validators=(),
        **kwargs,
    ):
        self.field = forms.URLField(
            required=required,
            help_text=help_text,
            max_length=max_length,
            min_length=min_length,
            validators=[validate_http_url, *validators],
            assume_scheme="https",
        )
        blocks.FieldBlock.__init__(self, **kwargs)
