"""Organizers' screens in the Wagtail admin: issue, manage one certificate, bulk print, exports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from common.parsing import parse_id
from common.spreadsheets import xlsx_response
from common.storage import private_file_response

from . import rendering, services
from .forms import BulkPrintForm, RevokeForm
from .models import BulkPrintJob, Certificate, CertificateTemplate


def _require(request, perm):
    if not request.user.has_perm(f"certificates.{perm}"):
        raise PermissionDenied


# ------------------------------------------------------------------------------------------
# Issuing in bulk
# ------------------------------------------------------------------------------------------


def _sources():
    """Courses and rounds that have a certificate template (when those apps are installed)."""
    courses, rounds = [], []
    Course = services._model("courses.Course")
    if Course is not None:
        courses = list(
            Course.objects.filter(certificate_template__isnull=False).order_by("-pk")[:200]
        )
    Round = services._model("contests.Round")
    if Round is not None:
        rounds = list(
            Round.objects.filter(
                contest__certificate_template__isnull=False, results_published_at__isnull=False
            )
            .select_related("contest")
            .order_by("-pk")[:200]
        )
    return courses, rounds


def issue_view(request):
    _require(request, "issue_certificate")
    courses, rounds = _sources()
    if request.method == "POST":
        source = request.POST.get("source", "")
        kind, _sep, pk = source.partition(":")
        try:
            pk = parse_id(pk)
            if kind == "course" and pk is not None:
                course = next((c for c in courses if c.pk == pk), None)
                if course is None:
                    raise services.CertificateError("no_template")
                result = services.issue_for_course(course, issued_by=request.user)
            elif kind == "round" and pk is not None:
                round_ = next((r for r in rounds if r.pk == pk), None)
                if round_ is None:
                    raise services.CertificateError("no_template")
                result = services.issue_for_round(
                    round_,
                    include_full_score=bool(request.POST.get("full_score")),
                    issued_by=request.user,
                )
            else:
                raise services.CertificateError("bad_group")
        except services.CertificateError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Issued %(issued)s certificates; %(skipped)s already had one or were skipped.")
                % {"issued": result.issued, "skipped": result.skipped},
            )
        return redirect("certificates_admin:issue")
    return TemplateResponse(
        request, "certificates/admin/issue.html", {"courses": courses, "rounds": rounds}
    )


# ------------------------------------------------------------------------------------------
# One certificate
# ------------------------------------------------------------------------------------------


def manage_view(request, pk):
    if not (
        request.user.has_perm("certificates.view_certificate")
        or request.user.has_perm("certificates.revoke_certificate")
    ):
        raise PermissionDenied
    certificate = get_object_or_404(
        Certificate.objects.select_related("template", "replaces", "confirms", "issued_by"), pk=pk
    )
    replacement = Certificate.objects.filter(replaces=certificate).first()
    return TemplateResponse(
        request,
        "certificates/admin/manage.html",
        {
            "certificate": certificate,
            "replacement": replacement,
            "revoke_form": RevokeForm(),
            "can_revoke": request.user.has_perm("certificates.revoke_certificate"),
        },
    )


@require_POST
def action_view(request, pk, action):
    _require(request, "revoke_certificate")
    certificate = get_object_or_404(Certificate, pk=pk)
    try:
        if action == "revoke":
            form = RevokeForm(request.POST)
            if not form.is_valid():
                raise services.CertificateError("bad_reason")
            services.revoke(
                certificate,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                user=request.user,
            )
            messages.success(request, _("The certificate was revoked."))
        elif action == "reissue":
            new = services.reissue(certificate, user=request.user)
            messages.success(
                request, _("Reissued with serial number %(serial)s.") % {"serial": new.serial}
            )
            return redirect("certificates_admin:manage", pk=new.pk)
        elif action == "certify-lost":
            new = services.certify_completion(certificate, user=request.user)
            messages.success(
                request,
                _("Certification of completion %(serial)s issued.") % {"serial": new.serial},
            )
            return redirect("certificates_admin:manage", pk=new.pk)
        elif action == "render":
            services.request_render(certificate, user=request.user)
            messages.success(request, _("The PDF will be rendered again in a moment."))
        else:
            raise Http404
    except services.CertificateError as exc:
        messages.error(request, exc.message)
    return redirect("certificates_admin:manage", pk=certificate.pk)


def register_export_view(request):
    if not request.user.has_perm("certificates.view_certificate"):
        raise PermissionDenied
    certificates = Certificate.objects.order_by(
        "agency_code", "year", "register_book", "register_no"
    )
    year = parse_id(request.GET.get("year", ""))
    if year is not None and year <= 9999:
        certificates = certificates.filter(year=year)
    agency = request.GET.get("agency_code", "")
    if agency:
        certificates = certificates.filter(agency_code=agency)
    headers = [
        _("Register No."),
        _("Serial No."),
        _("Issued on"),
        _("Full name"),
        _("Date of birth"),
        _("Unit"),
        _("For"),
        _("Period"),
        _("Grade or prize"),
        pgettext("register column: the kind of certificate", "Document"),
        _("Status"),
        _("Revoked at"),
        _("Reason for revocation"),
    ]
    rows = (
        [
            c.register_number,
            c.serial,
            c.issued_on.strftime("%d/%m/%Y"),
            c.holder_name,
            c.holder_birth_date.strftime("%d/%m/%Y") if c.holder_birth_date else "",
            c.unit_name,
            c.achievement,
            c.period,
            c.grade,
            c.title,
            c.get_status_display(),
            c.revoked_at.strftime("%d/%m/%Y") if c.revoked_at else "",
            c.get_revoke_reason_display() if c.revoke_reason else "",
        ]
        for c in certificates.iterator()
    )
    return xlsx_response("so-cap-chung-nhan", headers, rows, sheet_title=_("Register"))


def template_pdf_view(request, pk):
    if not request.user.has_perm("certificates.change_certificatetemplate"):
        raise PermissionDenied
    template = get_object_or_404(CertificateTemplate, pk=pk)
    try:
        data = rendering.render_sample(template)
    except services.CertificateError as exc:
        messages.error(request, exc.message)
        return redirect("wagtailsnippets_certificates_certificatetemplate:edit", template.pk)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="mau-chung-nhan.pdf"'
    # It carries the signature and seal: keep it out of shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


def template_image_view(request, pk, field):
    """A template's signature, seal or background, for the live preview and the edit form: they
    are private files (on a public address they would help forgers)."""
    if not request.user.has_perm("certificates.change_certificatetemplate"):
        raise PermissionDenied
    if field not in rendering.TEMPLATE_IMAGE_FIELDS:
        raise Http404
    template = get_object_or_404(CertificateTemplate, pk=pk)
    image = getattr(template, field)
    if not image:
        raise Http404
    return private_file_response(
        image,
        filename=image.name.rsplit("/", 1)[-1],
        content_type=rendering.image_type(image.name),
        as_attachment=False,
    )


# ------------------------------------------------------------------------------------------
# Bulk printing
# ------------------------------------------------------------------------------------------


def print_view(request):
    _require(request, "print_certificate")
    groups = services.print_groups()
    form = BulkPrintForm(request.POST or None, groups=groups)
    if request.method == "POST":
        if form.is_valid():
            try:
                job = services.start_bulk_print(form.cleaned_data["group"], user=request.user)
            except services.CertificateError as exc:
                messages.error(request, exc.message)
            else:
                return redirect("certificates_print:job", pk=job.pk)
        else:
            messages.error(request, _("Choose a course or a contest round to print."))
    jobs = _own_jobs(request.user).select_related("requested_by")[:20]
    return TemplateResponse(
        request, "certificates/admin/print.html", {"form": form, "jobs": jobs, "groups": groups}
    )


def _own_jobs(user):
    """A bulk print holds every holder's name, unit, grade and date of birth: only the organizer
    who asked for it (and superusers) may see it."""
    jobs = BulkPrintJob.objects.all()
    return jobs if user.is_superuser else jobs.filter(requested_by=user)


def _own_job(request, pk, **filters):
    job = get_object_or_404(BulkPrintJob, pk=pk, **filters)
    if not (request.user.is_superuser or job.requested_by_id == request.user.pk):
        raise PermissionDenied
    return job


def job_view(request, pk):
    _require(request, "print_certificate")
    job = _own_job(request, pk)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "status": job.status,
                "status_label": job.get_status_display(),
                "done": job.done,
                "total": job.total,
                "percent": job.percent,
                "finished": job.status in (BulkPrintJob.Status.DONE, BulkPrintJob.Status.FAILED),
            }
        )
    return TemplateResponse(request, "certificates/admin/job.html", {"job": job})


def job_file_view(request, pk, kind):
    _require(request, "print_certificate")
    if kind not in ("pdf", "zip"):
        raise Http404
    job = _own_job(request, pk, status=BulkPrintJob.Status.DONE)
    return private_file_response(
        job.pdf if kind == "pdf" else job.zip_file,
        filename=f"chung-nhan-{job.pk}.{kind}",
        content_type="application/pdf" if kind == "pdf" else "application/zip",
    )


def job_status_url(job):
    return reverse("certificates_print:job", args=[job.pk]) + "?format=json"
