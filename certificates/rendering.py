"""Certificate HTML and PDF rendering (WeasyPrint).

Every resource a certificate needs is addressed as `local:static/...` or `local:private/...` and
served by `LocalOnlyFetcher`, which reads our own static files and the templates' signature, seal
and background images on the private storage, and refuses everything else: no `file://`, no
network, no `data:`, no other private file. The QR code is inline SVG inside the HTML, so it
needs no fetching at all. In the browser preview the images come from a permission-checked admin
view: a signature and a seal on a public address would help forgers.
"""

import logging
import mimetypes
import posixpath
from dataclasses import dataclass
from functools import lru_cache

import segno
import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from common.storage import private_storage
from common.vietnamese import place_date_line

from .placeholders import fill_body

logger = logging.getLogger(__name__)

SCHEME = "local"
#: The template images' folders on the private storage (see CertificateTemplate).
TEMPLATE_IMAGE_FIELDS = ("signature", "seal", "background")
PRIVATE_PREFIXES = ("certificates/signatures/", "certificates/seals/", "certificates/backgrounds/")
STATIC_PREFIXES = ("fonts/", "css/certificates", "img/certificates")
PDF_VARIANT = "pdf/a-3b"


class RefusedURL(ValueError):
    """A resource outside our own static files and the templates' images."""


def _safe_path(path):
    if not path or "\\" in path or "\x00" in path:
        raise RefusedURL(path)
    normal = posixpath.normpath(path)
    if normal.startswith(("/", "..")) or "/../" in f"/{normal}/" or normal != path:
        raise RefusedURL(path)
    return normal


@lru_cache(maxsize=64)
def _static_bytes(path):
    found = finders.find(path)
    if found:
        with open(found, "rb") as handle:
            return handle.read()
    with staticfiles_storage.open(path) as handle:
        return handle.read()


#: Python's own table, not the host's /etc/mime.types (every machine answers the same), with the
#: three types Python 3.11 does not know yet.
_MIME_TYPES = mimetypes.MimeTypes()
for _type, _extension in (("font/ttf", ".ttf"), ("font/woff2", ".woff2"), ("image/webp", ".webp")):
    _MIME_TYPES.add_type(_type, _extension)


def image_type(path):
    return _MIME_TYPES.guess_type(path)[0] or "application/octet-stream"


class LocalOnlyFetcher(weasyprint.URLFetcher):
    """Serve `local:static/<path>` and `local:private/<template image>`; refuse anything else."""

    def __init__(self):
        super().__init__(fail_on_errors=False)

    def fetch(self, url, headers=None):
        scheme, _sep, rest = url.partition(":")
        if scheme.lower() != SCHEME or not _sep:
            logger.warning("Certificate rendering refused a resource outside our files")
            raise RefusedURL(url)
        area, _sep, path = rest.partition("/")
        path = _safe_path(path)
        if area == "static" and path.startswith(STATIC_PREFIXES):
            try:
                body = _static_bytes(path)
            except (FileNotFoundError, OSError, ValueError) as exc:
                raise RefusedURL(url) from exc
        elif area == "private" and path.startswith(PRIVATE_PREFIXES):
            try:
                with private_storage().open(path) as handle:
                    body = handle.read()
            except (FileNotFoundError, OSError, ValueError) as exc:
                raise RefusedURL(url) from exc
        else:
            raise RefusedURL(url)
        return weasyprint.urls.URLFetcherResponse(url, body, {"Content-Type": image_type(path)})


def pdf_url(kind, path):
    return f"{SCHEME}:{kind}/{path}"


def browser_url(kind, path):
    """Static files only: private files have no URL (template images: see template_image)."""
    if kind != "static":
        raise RefusedURL(kind)
    return staticfiles_storage.url(path)


def template_image(template, field, *, for_browser=False):
    """Where the page finds a template's signature, seal or background ("" when it has none)."""
    image = getattr(template, field)
    if not image:
        return ""
    if not for_browser:
        return pdf_url("private", image.name)
    if not template.pk:
        return ""
    return reverse("certificates_admin:template_image", args=[template.pk, field])


def qr_svg(url):
    return segno.make(url, error="m").svg_inline(scale=2, border=0, omitsize=True)


def _template_paper(template):
    return f"{template.paper_size} {template.orientation}"


@dataclass
class Page:
    """Everything one certificate page prints (from a Certificate or from sample data)."""

    template: object
    title: str
    agency: str
    parent_agency: str
    lines: list
    holder_name: str
    serial: str
    register_number: str
    place_date: str
    signer_title: str
    signer_name: str
    verify_url: str
    status: str = "valid"

    @property
    def long_name(self):
        return len(self.holder_name) > 45


def page_for(certificate):
    return Page(
        template=certificate.template,
        title=certificate.title,
        agency=certificate.agency,
        parent_agency=certificate.parent_agency,
        lines=certificate.body_text.splitlines(),
        holder_name=certificate.holder_name,
        serial=certificate.serial,
        register_number=certificate.register_number,
        place_date=place_date_line(certificate.place_name, certificate.issued_on),
        signer_title=certificate.signer_title,
        signer_name=certificate.signer_name,
        verify_url=certificate.get_absolute_verify_url(),
        status=certificate.status,
    )


SAMPLE = {
    "ho_ten": "Nguyễn Thị Phương Thảo",
    "ngay_sinh": "05/03/1990",
    "don_vi": "Ủy ban nhân dân phường Trung Tâm",
    "noi_dung": "Lớp bồi dưỡng kiến thức cải cách hành chính năm 2026",
    "thoi_gian": "từ ngày 02/3/2026 đến ngày 06/3/2026",
    "xep_loai": "Giỏi",
}


def sample_page(template, today=None):
    today = today or timezone.localdate()
    return Page(
        template=template,
        title=template.title,
        agency=template.agency,
        parent_agency=template.parent_agency,
        lines=fill_body(template.body, SAMPLE),
        holder_name=SAMPLE["ho_ten"],
        serial=f"{template.agency_code or 'SNV'}-{today.year}-000000",
        register_number=f"0000/{today.year}/{template.register_book}-{template.agency_code}",
        place_date=place_date_line(template.effective_place_name, today),
        signer_title=template.signer_title,
        signer_name=template.signer_name,
        verify_url=settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/chung-nhan/xac-minh/",
    )


def build_html(pages, *, for_browser=False, title="", author="", subject=""):
    url = browser_url if for_browser else pdf_url
    templates = {}
    for page in pages:
        templates.setdefault(page.template.pk or 0, page.template)
    styles = []
    for key, template in templates.items():
        styles.append(
            {
                "key": key,
                "size": _template_paper(template),
                "border": template.border,
                "background": template_image(template, "background", for_browser=for_browser),
                "a5": template.paper_size == "A5",
                "portrait": template.orientation == "portrait",
            }
        )
    items = []
    for page in pages:
        template = page.template
        name_html = escape(page.holder_name)
        lines = []
        for line in page.lines:
            escaped = escape(line)
            if page.holder_name and name_html in escaped:
                escaped = escaped.replace(
                    name_html, f'<strong class="name">{name_html}</strong>', 1
                )
            lines.append(escaped)
        items.append(
            {
                "page": page,
                "key": template.pk or 0,
                "lines": lines,
                "qr": qr_svg(page.verify_url),
                "seal": template_image(template, "seal", for_browser=for_browser),
                "signature": template_image(template, "signature", for_browser=for_browser),
            }
        )
    with translation.override("vi"):
        return render_to_string(
            "certificates/pdf/certificates.html",
            {
                "items": items,
                "styles": styles,
                "fonts": {
                    "regular": url("static", "fonts/LiberationSerif-Regular.ttf"),
                    "bold": url("static", "fonts/LiberationSerif-Bold.ttf"),
                    "italic": url("static", "fonts/LiberationSerif-Italic.ttf"),
                    "bold_italic": url("static", "fonts/LiberationSerif-BoldItalic.ttf"),
                },
                "doc_title": title,
                "doc_author": author,
                "doc_subject": subject,
            },
        )


def write_pdf(document):
    """PDF/A-3b output.

    WeasyPrint 70 opens its sRGB profile for PDF/A without closing it. Python ignores
    ResourceWarning outside tests; the test configuration silences that one file by name. (A
    ``catch_warnings`` block here is not thread-safe: parallel renders lost the filter.)"""
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def html_to_pdf(html):
    return write_pdf(weasyprint.HTML(string=html, base_url=None, url_fetcher=LocalOnlyFetcher()))


def _metadata(pages):
    first = pages[0]
    if len(pages) == 1:
        title = f"{first.title.capitalize()} – {first.holder_name} – {first.serial}"
    else:
        title = f"{first.title.capitalize()} ({len(pages)})"
    return {"title": title, "author": first.agency, "subject": first.title.capitalize()}


def render_pages(pages):
    return html_to_pdf(build_html(pages, **_metadata(pages)))


def render_certificates(certificates):
    """One PDF document with one page per certificate (in the given order)."""
    return render_pages([page_for(c) for c in certificates])


def render_sample(template):
    return render_pages([sample_page(template)])
