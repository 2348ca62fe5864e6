"""Organizers' screens in the Wagtail admin: issue, manage one certificate, bulk print, exports.

Each screen is an `AdminScreen` whose policy checks the permission; a service's refusal becomes
a message through `self.run`. What can be issued comes from the sources registry (`sources`):
this app knows no course or contest.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from common.admin_views import (
    AdminScreen,
    CodenamePermissionPolicy,
    ConfirmStepMixin,
    ServiceActionMixin,
)
from common.parsing import parse_id
from common.spreadsheets import xlsx_response
from common.storage import private_file_response

from . import printing, rendering, services, sources
from .errors import CertificateError
from .forms import BulkPrintForm, RevokeForm
from .models import BulkPrintJob, Certificate, CertificateTemplate

certificate_policy = CodenamePermissionPolicy(Certificate)
template_policy = CodenamePermissionPolicy(CertificateTemplate)


class Screen(ServiceActionMixin, AdminScreen):
    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_header_title()}]


class CertificateScreen(Screen):
    permission_policy = certificate_policy


# ------------------------------------------------------------------------------------------
# Issuing in bulk
# ------------------------------------------------------------------------------------------


def _issue_batch(kind, object_id, *, issued_by, options):
    """Issue for one object of the source `kind`, if the source offers it on this screen."""
    source = sources.get(kind)
    if source.issue_batch is None or object_id is None:
        raise CertificateError("bad_group")
    names = {name for name, _label in source.batch_options}
    chosen = {name: value for name, value in options.items() if name in names}
    return source.issue_batch(object_id, issued_by=issued_by, **chosen)


class IssueView(CertificateScreen):
    permission_required = "issue_certificate"
    template_name = "certificates/admin/issue.html"
    page_title = gettext_lazy("Issue certificates")
    header_icon = "success"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = []
        options = []
        for source in sources.batch_sources():
            choices = source.batch_choices() if source.batch_choices else []
            if choices:
                groups.append(
                    {
                        "label": source.batch_label or source.label,
                        "choices": [(f"{source.kind}:{pk}", label) for pk, label in choices],
                    }
                )
            options.extend(source.batch_options)
        context.update(groups=groups, options=options)
        return context

    def post(self, request):
        kind, _sep, object_id = request.POST.get("source", "").partition(":")
        options = {
            name: bool(request.POST.get(name))
            for source in sources.batch_sources()
            for name, _label in source.batch_options
        }
        self.run(
            _issue_batch,
            kind,
            parse_id(object_id),
            issued_by=request.user,
            options=options,
            success=lambda result: (
                _("Issued %(issued)s certificates; %(skipped)s already had one or were skipped.")
                % {"issued": result.issued, "skipped": result.skipped}
            ),
        )
        return redirect("certificates_admin:issue")


# ------------------------------------------------------------------------------------------
# One certificate
# ------------------------------------------------------------------------------------------


class ManageView(CertificateScreen):
    any_permission_required = ["view", "revoke_certificate"]
    template_name = "certificates/admin/manage.html"
    header_icon = "doc-full"

    def get(self, request, pk):
        self.certificate = get_object_or_404(
            Certificate.objects.select_related("template", "replaces", "confirms", "issued_by"),
            pk=pk,
        )
        return self.render_to_response(self.get_context_data())

    def get_page_title(self):
        return self.certificate.title.capitalize()

    def get_page_subtitle(self):
        return self.certificate.serial

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailsnippets_certificates_certificate:list"),
                "label": Certificate._meta.verbose_name_plural.capitalize(),
            },
            {"url": "", "label": self.certificate.serial},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            certificate=self.certificate,
            replacement=Certificate.objects.filter(replaces=self.certificate).first(),
            revoke_form=RevokeForm(),
            can_revoke=self.user_has_permission("revoke_certificate"),
        )
        return context


class ActionView(ConfirmStepMixin, CertificateScreen):
    """Revoke, reissue, certify a lost one, render again: POST only, then back to the page.
    Revoking and reissuing cannot be undone: they ask first (a confirmation page)."""

    permission_required = "revoke_certificate"
    http_method_names = ["post"]
    header_icon = "doc-full"

    def post(self, request, pk, action):
        certificate = get_object_or_404(Certificate, pk=pk)
        self.certificate = certificate
        handler = {
            "revoke": self.revoke,
            "reissue": self.reissue,
            "certify-lost": self.certify_lost,
            "render": self.render_again,
        }.get(action)
        if handler is None:
            raise Http404
        outcome = handler(certificate)
        if isinstance(outcome, HttpResponse):
            return outcome
        if outcome and action in ("reissue", "certify-lost"):
            return redirect("certificates_admin:manage", pk=outcome.value.pk)
        return redirect("certificates_admin:manage", pk=certificate.pk)

    def get_breadcrumbs_items(self):
        certificate = self.certificate
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailsnippets_certificates_certificate:list"),
                "label": Certificate._meta.verbose_name_plural.capitalize(),
            },
            {
                "url": reverse("certificates_admin:manage", args=[certificate.pk]),
                "label": certificate.serial,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def _asks(self, certificate):
        """Ask first, unless the action would be refused anyway (the service says why)."""
        return certificate.status == Certificate.Status.VALID and not self.is_confirmed()

    def _names(self, certificate):
        return {"name": certificate.holder_name, "serial": certificate.serial}

    def revoke(self, certificate):
        form = RevokeForm(self.request.POST)
        if form.is_valid() and self._asks(certificate):
            reason = Certificate.RevokeReason(form.cleaned_data["reason"]).label
            consequences = [
                _(
                    "The public check page shows it as revoked, with the date and the reason: "
                    "%(reason)s."
                )
                % {"reason": reason},
                _("Its PDF is rendered again, stamped as revoked."),
                _("A revoked certificate cannot be made valid again."),
            ]
            return self.ask_first(
                title=_("Revoke this certificate"),
                question=_("Revoke certificate %(serial)s of %(name)s?") % self._names(certificate),
                consequences=consequences,
                fields=[
                    ("reason", form.cleaned_data["reason"]),
                    ("note", form.cleaned_data["note"]),
                ],
                confirm_label=_("Yes, revoke"),
                back_url=reverse("certificates_admin:manage", args=[certificate.pk]),
            )

        def revoke_with_form():
            if not form.is_valid():
                raise CertificateError("bad_reason")
            return services.revoke(
                certificate,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                user=self.request.user,
            )

        return self.run(revoke_with_form, success=_("The certificate was revoked."))

    def reissue(self, certificate):
        if self._asks(certificate):
            return self.ask_first(
                title=_("Reissue"),
                question=_("Reissue certificate %(serial)s of %(name)s?")
                % self._names(certificate),
                consequences=[
                    _(
                        "A new certificate with a new serial number and register number is "
                        "issued to %(name)s."
                    )
                    % self._names(certificate),
                    _(
                        "%(serial)s is marked as replaced: the public check page says it is no "
                        "longer valid and links to the new certificate."
                    )
                    % self._names(certificate),
                ],
                confirm_label=_("Yes, reissue"),
                back_url=reverse("certificates_admin:manage", args=[certificate.pk]),
            )
        return self.run(
            services.reissue,
            certificate,
            user=self.request.user,
            success=lambda new: (
                _("Reissued with serial number %(serial)s.") % {"serial": new.serial}
            ),
        )

    def certify_lost(self, certificate):
        return self.run(
            services.certify_completion,
            certificate,
            user=self.request.user,
            success=lambda new: (
                _("Certification of completion %(serial)s issued.") % {"serial": new.serial}
            ),
        )

    def render_again(self, certificate):
        return self.run(
            services.request_render,
            certificate,
            user=self.request.user,
            success=_("The PDF will be rendered again in a moment."),
        )


class RegisterExportView(CertificateScreen):
    permission_required = "view"

    def get(self, request):
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
                services.vn_date(c.issued_on),
                c.holder_name,
                services.vn_date(c.holder_birth_date),
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


# ------------------------------------------------------------------------------------------
# Templates: the PDF preview and the private images
# ------------------------------------------------------------------------------------------


class TemplateScreen(Screen):
    permission_policy = template_policy
    permission_required = "change"


class TemplatePdfView(TemplateScreen):
    def get(self, request, pk):
        template = get_object_or_404(CertificateTemplate, pk=pk)
        outcome = self.run(rendering.render_sample, template)
        if not outcome:
            return redirect("wagtailsnippets_certificates_certificatetemplate:edit", template.pk)
        response = HttpResponse(outcome.value, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="mau-chung-nhan.pdf"'
        # It carries the signature and seal: keep it out of shared caches.
        response["Cache-Control"] = "private, no-store"
        return response


class TemplateImageView(TemplateScreen):
    """A template's signature, seal or background, for the live preview and the edit form: they
    are private files (on a public address they would help forgers)."""

    def get(self, request, pk, field):
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


def own_jobs(user):
    """A bulk print holds every holder's name, unit, grade and date of birth: only the organizer
    who asked for it (and superusers) may see it."""
    jobs = BulkPrintJob.objects.all()
    return jobs if user.is_superuser else jobs.filter(requested_by=user)


class PrintView(CertificateScreen):
    permission_required = "print_certificate"
    template_name = "certificates/admin/print.html"
    page_title = gettext_lazy("Bulk printing")
    header_icon = "download"

    def get(self, request):
        return self.show(BulkPrintForm(groups=printing.print_groups()))

    def post(self, request):
        form = BulkPrintForm(request.POST, groups=printing.print_groups())
        if not form.is_valid():
            messages.error(request, CertificateError("bad_group").message)
            return self.show(form)
        outcome = self.run(printing.start_bulk_print, form.cleaned_data["group"], user=request.user)
        if outcome:
            return redirect("certificates_print:job", pk=outcome.value.pk)
        return self.show(form)

    def show(self, form):
        jobs = own_jobs(self.request.user).select_related("requested_by")[:20]
        groups = form.fields["group"].choices[1:]
        return self.render_to_response(self.get_context_data(form=form, jobs=jobs, groups=groups))


class JobScreen(CertificateScreen):
    """One print job, for the organizer who started it (and superusers); others get a 403."""

    permission_required = "print_certificate"

    def get_job(self, pk, **filters):
        job = get_object_or_404(BulkPrintJob, pk=pk, **filters)
        if not (self.request.user.is_superuser or job.requested_by_id == self.request.user.pk):
            raise PermissionDenied
        return job


class JobView(JobScreen):
    template_name = "certificates/admin/job.html"
    header_icon = "download"

    def get(self, request, pk):
        self.job = self.get_job(pk)
        if request.GET.get("format") == "json":
            job = self.job
            return JsonResponse(
                {
                    "status": job.status,
                    "status_label": job.get_status_display(),
                    "done": job.done,
                    "total": job.total,
                    "percent": job.percent,
                    "finished": job.status
                    in (BulkPrintJob.Status.DONE, BulkPrintJob.Status.FAILED),
                }
            )
        return self.render_to_response(self.get_context_data(job=self.job))

    def get_page_title(self):
        return self.job.label

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("certificates_print:index"), "label": _("Bulk printing")},
            {"url": "", "label": self.job.label},
        ]


class JobFileView(JobScreen):
    def get(self, request, pk, kind):
        if kind not in ("pdf", "zip"):
            raise Http404
        job = self.get_job(pk, status=BulkPrintJob.Status.DONE)
        return private_file_response(
            job.pdf if kind == "pdf" else job.zip_file,
            filename=f"chung-nhan-{job.pk}.{kind}",
            content_type="application/pdf" if kind == "pdf" else "application/zip",
        )
