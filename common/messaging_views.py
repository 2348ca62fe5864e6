"""The organizers' mailing screens, the same for every app: compose → preview and confirm →
status with progress, and the history. An app's view mixes `MailingComposeMixin` (or the status
and history mixins) into its own screen class, which already checks the permission and finds
the course or round from the URL; it says which audience it is and its URLs:

    class CourseMailingView(MailingComposeMixin, CourseScreen):
        audience_name = "courses.course"
        def mailing_object(self): return self.course
        def mailing_url(self, name, *args): ...   # "compose", "history", "status"
"""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import messaging
from .admin_views import ConfirmStepMixin
from .errors import ServiceError
from .models import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH, Mailing
from .pagination import paginate

FIELDS = ("filter", "subject", "body")
HISTORY_PER_PAGE = 30


class MailingScreenMixin:
    audience_name = None
    #: A template included above the screen (the app's own navigation), or "", and the
    #: app's stylesheets it needs.
    nav_template = ""
    nav_stylesheets = ()
    header_icon = "mail"

    @cached_property
    def audience(self):
        return messaging.get_audience(self.audience_name)

    def mailing_object(self):
        raise NotImplementedError

    def mailing_url(self, name, *args):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            nav_template=self.nav_template,
            nav_stylesheets=self.nav_stylesheets,
            compose_url=self.mailing_url("compose"),
            history_url=self.mailing_url("history"),
            **kwargs,
        )


class MailingComposeMixin(ConfirmStepMixin, MailingScreenMixin):
    template_name = "common/admin/mailing_compose.html"
    confirm_template_name = "common/admin/mailing_confirm.html"
    http_method_names = ["get", "post", "head", "options"]
    default_filter = ""
    preview = None

    def written(self):
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        values = {name: data.get(name, "") for name in FIELDS}
        values["filter"] = values["filter"] or self.default_filter
        return values

    def get_context_data(self, **kwargs):
        obj = self.mailing_object()
        return super().get_context_data(
            written=self.written(),
            filters=messaging.counts(self.audience, obj),
            placeholders=self.audience.known_placeholders(),
            subject_max=SUBJECT_MAX_LENGTH,
            body_max=BODY_MAX_LENGTH,
            preview=self.preview,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        obj = self.mailing_object()
        written = self.written()
        if "edit" in request.POST:
            return self.render_to_response(self.get_context_data())
        try:
            if self.is_confirmed():
                mailing, created = messaging.create_mailing(
                    self.audience,
                    obj,
                    written["filter"],
                    written["subject"],
                    written["body"],
                    by=request.user,
                    key=request.POST.get("key", ""),
                )
                if created:
                    messages.success(
                        request,
                        _("The email is being sent to %(count)s people.")
                        % {"count": mailing.total},
                    )
                else:
                    messages.info(
                        request,
                        _("This email was already confirmed; it is not sent a second time."),
                    )
                return redirect(self.mailing_url("status", mailing.pk))
            self.preview = messaging.preview(
                self.audience, obj, written["filter"], written["subject"], written["body"]
            )
        except ServiceError as error:
            messages.error(request, error.message)
            return self.render_to_response(self.get_context_data())
        preview = self.preview
        consequences = [
            _("Recipients: %(filter)s – %(count)s people.")
            % {"filter": preview.filter_label, "count": preview.count},
        ]
        if preview.skipped:
            consequences.append(
                _(
                    "%(count)s of them have no email address or no account any more: they are "
                    "skipped and counted."
                )
                % {"count": preview.skipped}
            )
        consequences.append(_("The email is sent in the background; you can follow its progress."))
        return self.ask_first(
            title=_("Check the email before sending"),
            question=_("Send this email to %(count)s people?") % {"count": preview.count},
            consequences=consequences,
            fields=[*((name, written[name]) for name in FIELDS), ("key", preview.key)],
            confirm_label=_("Yes, send the email"),
            back_url=self.mailing_url("compose"),
            action_url=self.mailing_url("compose"),
        )


class MailingObjectMixin(MailingScreenMixin):
    @cached_property
    def mailing(self):
        # Only a mailing of this course or round: another id in the URL is "not found".
        mailing = (
            messaging.history(self.audience, self.mailing_object())
            .filter(pk=self.kwargs["mailing_id"])
            .first()
        )
        if mailing is None:
            raise Http404
        return mailing


class MailingStatusMixin(MailingObjectMixin):
    template_name = "common/admin/mailing_status.html"
    page_title = gettext_lazy("Email status")

    def get(self, request, *args, **kwargs):
        mailing = self.mailing
        if request.GET.get("format") == "json":
            return JsonResponse(
                {
                    "status": mailing.status,
                    "status_label": mailing.get_status_display(),
                    "done": mailing.position,
                    "total": mailing.total,
                    "sent": mailing.sent,
                    "skipped": mailing.skipped,
                    "failed": mailing.failed,
                    "percent": mailing.percent,
                    "finished": mailing.is_finished,
                }
            )
        return self.render_to_response(
            self.get_context_data(
                mailing=mailing, status_url=self.mailing_url("status", mailing.pk)
            )
        )


class MailingHistoryMixin(MailingScreenMixin):
    template_name = "common/admin/mailing_history.html"
    page_title = gettext_lazy("Emails sent")

    def get_context_data(self, **kwargs):
        page = paginate(
            self.request, messaging.history(self.audience, self.mailing_object()), HISTORY_PER_PAGE
        )
        rows = [(mailing, self.mailing_url("status", mailing.pk)) for mailing in page.object_list]
        return super().get_context_data(rows=rows, page_obj=page, **kwargs)


__all__ = ["Mailing", "MailingComposeMixin", "MailingHistoryMixin", "MailingStatusMixin"]
