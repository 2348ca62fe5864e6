"""Public verification, "my certificates" and PDF download."""

import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from common.ratelimit import hit_ip
from common.views import too_many_requests

from . import services
from .forms import VerifyForm
from .models import Certificate

CODE_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
VERIFY_LIMIT = 30  # lookups per IP per minute
VERIFY_PERIOD = 60


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


def _not_found(request, form=None, message=None):
    return render(
        request,
        "certificates/verify.html",
        {
            "form": form or VerifyForm(),
            "not_found": message or _("No certificate has this serial number or code."),
        },
        status=404,
    )


@never_cache
def verify(request):
    if "q" not in request.GET:
        return render(request, "certificates/verify.html", {"form": VerifyForm()})
    if limited := _rate_limited(request):
        return limited
    form = VerifyForm(request.GET)
    if not form.is_valid():
        return render(request, "certificates/verify.html", {"form": form}, status=400)
    query = form.cleaned_data["q"]
    lookup = Q(serial__iexact=query)
    if CODE_RE.match(query):
        lookup |= Q(code=query)
    certificate = Certificate.objects.filter(lookup).only("code").first()
    if certificate is None:
        return _not_found(request, form)
    return redirect("certificates:verify_code", code=certificate.code)


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
    if not certificate.pdf:
        certificate = services.render(certificate.pk)
    try:
        handle = certificate.pdf.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{certificate.serial}.pdf",
        content_type="application/pdf",
    )
