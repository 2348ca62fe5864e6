"""The placeholders of a certificate template's text: which names exist, the validator that
refuses anything else when a template is saved, and the filling of a text with a holder's values.
"""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .errors import CertificateError

#: Placeholders a template body may use, with the sample value the admin preview shows.
PLACEHOLDERS = {
    "ho_ten": _("holder's full name"),
    "ngay_sinh": _("holder's date of birth (dd/mm/yyyy)"),
    "don_vi": _("holder's work unit"),
    "noi_dung": _("what was completed or won (course or contest title)"),
    "thoi_gian": _("when (course dates or contest round)"),
    "xep_loai": _("grade or prize"),
}


def placeholder_text(name, spec=None, conversion=None):
    """A placeholder as written in the text, e.g. ``{ho_ten:d}``."""
    return (
        "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
    )


def validate_placeholders(text):
    """Refuse a body whose {placeholders} are unknown, formatted or unbalanced, naming the culprit.

    Only a bare name is allowed: a format spec or conversion (``{ho_ten:d}``, ``{ho_ten!r}``,
    ``{ho_ten:{don_vi}}``) would make filling the text fail or print something unintended."""
    formatter = string.Formatter()
    try:
        parsed = [
            (name, spec, conversion)
            for _lit, name, spec, conversion in formatter.parse(text or "")
            if name is not None
        ]
    except ValueError as exc:
        raise ValidationError(
            _(
                "The text has an unbalanced brace ({ or }). Write placeholders as {ho_ten}; "
                "to print a brace, double it ({{ or }})."
            ),
            code="unbalanced",
        ) from exc
    formatted = [
        (name, spec, conversion) for name, spec, conversion in parsed if spec or conversion
    ]
    if formatted:
        raise ValidationError(
            _(
                "Placeholder(s) %(names)s: nothing may follow the name (no “:” or “!”). "
                "Write them as %(plain)s."
            ),
            params={
                "names": ", ".join(dict.fromkeys(placeholder_text(*item) for item in formatted)),
                "plain": ", ".join(dict.fromkeys(placeholder_text(name) for name, *_ in formatted)),
            },
            code="formatted_placeholder",
        )
    fields = [name for name, _spec, _conversion in parsed]
    unknown = sorted({name for name in fields if name not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            _("Unknown placeholder(s): %(names)s. Allowed: %(allowed)s."),
            params={
                "names": ", ".join("{" + n + "}" for n in unknown),
                "allowed": ", ".join("{" + n + "}" for n in PLACEHOLDERS),
            },
            code="unknown_placeholder",
        )


def _parse_line(raw):
    """[(literal, name or None)] of one line; CertificateError for anything but bare names.

    The validator refuses such text, but a template saved before it did may still hold some:
    filling it must fail with a message, never with ValueError, KeyError or MemoryError (a
    format spec such as ``{ho_ten:999999999}`` is never applied)."""
    try:
        parsed = list(string.Formatter().parse(raw))
    except ValueError as exc:
        raise CertificateError("bad_braces") from exc
    parts = []
    for literal, name, spec, conversion in parsed:
        if name is not None and (spec or conversion or not name.isidentifier()):
            raise CertificateError(
                "bad_placeholder", placeholder=placeholder_text(name, spec, conversion)
            )
        parts.append((literal, name))
    return parts


def fill_body(body, values):
    """Substitute placeholders line by line, dropping lines whose placeholders are all empty."""
    lines = []
    for raw in (body or "").splitlines():
        parts = _parse_line(raw)
        names = [name for _literal, name in parts if name]
        if names and not any(values.get(name) for name in names):
            continue
        line = "".join(
            literal + (str(values.get(name) or "") if name else "") for literal, name in parts
        )
        lines.append(line.strip())
    return [line for line in lines if line]
