"""Public verification, "my certificates" and PDF download."""

import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from common.ratelimit import hit, hit_ip
from common.storage import private_file_response
from common.views import too_many_requests

from . import pdfs, services
from .forms import VerifyForm
from .models import Certificate

CODE_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
VERIFY_LIMIT = 30  # lookups per IP per minute
VERIFY_PERIOD = 60
SERIAL_LIMIT = 10  # lookups of one serial number per day, from anywhere
SERIAL_PERIOD = 24 * 60 * 60


def _rate_limited(request):
    if hit_ip(request, "certificates-verify", VERIFY_LIMIT, VERIFY_PERIOD):
        return None
    return too_many_requests(
        request,
        _(
            "You have checked too many certificates in a short time. Please wait a minute and "
            "try again."
        ),
        VERIFY_PERIOD,
        title=_("Too many checks"),
    )


def _not_found(request, message=None):
    """One answer for an unknown serial, a wrong name or year for a known one, and an unknown
    code: same status, same page, same text, and an empty form (the page never echoes what was
    typed), so the answer tells nothing about which serials exist."""
    return render(
        request,
        "certificates/verify.html",
        {
            "form": VerifyForm(),
            "not_found": message or _("No certificate matches what you entered."),
        },
        status=404,
    )


def _serial_limited(request, serial):
    """A year of birth has few values: each serial gets only a few tries a day, whoever asks and
    whether or not it exists (so the limit itself says nothing)."""
    if hit("certificates-verify-serial", serial.upper(), SERIAL_LIMIT, SERIAL_PERIOD):
        return None
    return too_many_requests(
        request,
        _(
            "This serial number has been checked too many times today. Scan the certificate's "
            "QR code instead, or try again tomorrow."
        ),
        SERIAL_PERIOD,
        title=_("Too many checks"),
    )


@never_cache
def verify(request):
    """The public check form: a serial number together with the holder's full name or year of
    birth, or a verification code alone. The form is posted, so names and years never appear
    in addresses or logs; a serial in the address (``?q=``) only fills in the form."""
    if request.method != "POST":
        initial = {"q": request.GET.get("q", "")[:80]}
        return render(request, "certificates/verify.html", {"form": VerifyForm(initial=initial)})
    if limited := _rate_limited(request):
        return limited
    form = VerifyForm(request.POST)
    if not form.is_valid():
        return render(request, "certificates/verify.html", {"form": form}, status=400)
    query = form.cleaned_data["q"]
    if CODE_RE.match(query):
        code = Certificate.objects.filter(code=query).values_list("code", flat=True).first()
        if code is not None:
            return redirect("certificates:verify_code", code=code)
    if not form.has_holder_details():
        form.add_error(None, form.error_messages["holder_needed"])
        return render(request, "certificates/verify.html", {"form": form}, status=400)
    if limited := _serial_limited(request, query):
        return limited
    certificate = services.find_for_check(
        query,
        full_name=form.cleaned_data["full_name"],
        birth_year=form.cleaned_data["birth_year"],
    )
    if certificate is None:
        return _not_found(request)
    return render(
        request,
        "certificates/verify_result.html",
        {"certificate": certificate, "form": VerifyForm()},
    )


@never_cache
def verify_code(request, code):
    if limited := _rate_limited(request):
        return limited
    if not CODE_RE.match(code):
        return _not_found(request, message=_("This verification code is not valid."))
    certificate = (
        Certificate.objects.select_related("replacement", "confirms").filter(code=code).first()
    )
    if certificate is None:
        return _not_found(request)
    return render(
        request,
        "certificates/verify_result.html",
        {"certificate": certificate, "form": VerifyForm()},
    )


@login_required
def mine(request):
    certificates = (
        Certificate.objects.filter(holder=request.user)
        .select_related("replacement")
        .order_by("-issued_on", "-pk")
    )
    return render(request, "certificates/mine.html", {"certificates": certificates})


def can_download(user, certificate):
    return user.is_authenticated and (
        certificate.holder_id == user.pk
        or user.has_perm("certificates.print_certificate")
        or user.has_perm("certificates.issue_certificate")
    )


@login_required
def download(request, pk):
    certificate = get_object_or_404(Certificate.objects.select_related("template"), pk=pk)
    if not can_download(request.user, certificate):
        raise PermissionDenied
    # Revoked and replaced certificates come stamped as such, never on a PDF that looks valid.
    certificate = pdfs.current_pdf(certificate)
    return private_file_response(
        certificate.pdf, filename=f"{certificate.serial}.pdf", content_type="application/pdf"
    )
