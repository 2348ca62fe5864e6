"""A session's printed sign-in sheet (PDF): who has a seat, in the official order, with a line to
sign and, on each row, a QR code that opens the organizer's door screen on that person.

Rendered by WeasyPrint with the shipped Liberation fonts, through the certificates' fetcher that
serves our own static files only (no file://, no network)."""

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from certificates.rendering import html_to_pdf, pdf_url

from . import services
from .models import Registration


def rows(session) -> list[Registration]:
    """The people on the sheet: seated in the course, sorted by given name (Vietnamese order)."""
    return services.session_participants(session)


def render(session, *, door_url) -> bytes:
    """The PDF; `door_url` is the absolute address of the session's door screen."""
    people = rows(session)
    for registration in people:
        link = f"{door_url}?r={services.door_token(session, registration)}"
        registration.qr = segno.make(link, error="l").svg_inline(scale=1, border=0, omitsize=True)
    with translation.override("vi"):
        html = render_to_string(
            "courses/pdf/sign_in_sheet.html",
            {
                "session": session,
                "course": session.course,
                "rows": people,
                "agency": settings.AGENCY_NAME,
                "fonts": {
                    "regular": pdf_url("static", "fonts/LiberationSans-Regular.ttf"),
                    "bold": pdf_url("static", "fonts/LiberationSans-Bold.ttf"),
                },
            },
        )
    return html_to_pdf(html)
