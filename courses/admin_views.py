"""Organizer screens in the Wagtail admin, per course: dashboard, registrations (filters, search,
bulk actions, exports), attendance per session, QR code for check-in, completion review.

Every screen is an `AdminScreen` checking `courses.manage_registrations` through the permission
policy; the URLs (`urlpatterns`, namespace "courses_admin") are mounted by one
`register_admin_urls` hook in wagtail_hooks.py.
"""

from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from common import vietnamese
from common.admin_views import (
    AdminScreen,
    CodenamePermissionPolicy,
    ConfirmStepMixin,
    ServiceActionMixin,
)
from common.charts import bar_chart
from common.errors import ServiceError, error_json, run_service
from common.messaging_views import (
    MailingComposeMixin,
    MailingHistoryMixin,
    MailingStatusMixin,
)
from common.pagination import paginate, query_without_page
from common.spreadsheets import csv_response, export_filename, xlsx_response

from . import services, sign_in_sheet
from .errors import RegistrationError
from .models import Attendance, Course, Registration, Session

Status = Registration.Status
#: Registrations per page on the registrations screen.
PER_PAGE = 50


class CourseScreen(ServiceActionMixin, AdminScreen):
    """A screen about one course (`course_id` in the URL), for organizers."""

    permission_policy = CodenamePermissionPolicy(Course)
    permission_required = "manage_registrations"
    header_icon = "calendar"
    http_method_names = ["get", "head", "options"]

    @cached_property
    def course(self):
        # Looked up after the permission check (dispatch), so an outsider learns nothing.
        return get_object_or_404(Course, pk=self.kwargs["course_id"])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailsnippets_courses_course:list"), "label": _("Courses")},
            {
                "url": reverse("courses_admin:dashboard", args=[self.course.pk]),
                "label": self.course.title,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(course=self.course, **kwargs)


class SessionScreen(CourseScreen):
    @cached_property
    def session(self):
        return get_object_or_404(Session, pk=self.kwargs["session_id"], course=self.course)


class DashboardView(CourseScreen):
    template_name = "courses/admin/dashboard.html"
    page_title = gettext_lazy("Dashboard")

    def get_context_data(self, **kwargs):
        figures = services.dashboard(self.course)
        chart = bar_chart(
            _("Participation by unit"),
            [
                (
                    row.unit or _("No unit"),
                    row.rate,
                    f"{vietnamese.format_number(row.participants)}/"
                    f"{vietnamese.format_number(row.headcount)}"
                    if row.headcount is not None
                    else vietnamese.format_number(row.participants),
                )
                for row in figures.by_unit
            ],
            percent=True,
            decimals=1,
            value_label=_("Share of the unit's staff"),
            note_label=_("Participants / staff"),
        )
        return super().get_context_data(figures=figures, chart=chart, **kwargs)


def filtered_registrations(request, course):
    """The course's registrations as the screen's filters (status, source, unit, search) ask."""
    qs = services.with_positions(
        Registration.objects.filter(course=course).select_related(
            "person", "person__unit", "created_by"
        )
    )
    status = request.GET.get("status", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    source = request.GET.get("source", "")
    if source in Registration.Source.values:
        qs = qs.filter(source=source)
    unit = services.parse_id(request.GET.get("unit", ""))
    if unit is not None:
        qs = qs.filter(person__unit_id=unit)
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(Q(person__full_name__icontains=query) | Q(person__email__icontains=query))
    return qs.order_by("queued_at", "pk")


BULK_ACTIONS = {
    "approve": gettext_lazy("Approve"),
    "reject": gettext_lazy("Reject (with reason)"),
    "cancel": gettext_lazy("Cancel (with reason)"),
}


class RegistrationsView(ConfirmStepMixin, CourseScreen):
    """The course's registrations, filtered; bulk approve, reject, cancel and moves by hand.
    Rejecting (one or more people: there is no move by hand to "Rejected") asks first,
    listing them."""

    template_name = "courses/admin/registrations.html"
    page_title = gettext_lazy("Registrations")
    header_icon = "group"
    http_method_names = ["get", "post", "head", "options"]

    def get_context_data(self, **kwargs):
        course = self.course
        page = paginate(self.request, filtered_registrations(self.request, course), PER_PAGE)
        units = (
            Registration.objects.filter(course=course, person__unit__isnull=False)
            .values_list("person__unit_id", "person__unit__name")
            .distinct()
            .order_by("person__unit__name")
        )
        return super().get_context_data(
            rows=page.object_list,
            page_obj=page,
            statuses=Status.choices,
            sources=Registration.Source.choices,
            units=units,
            actions=BULK_ACTIONS,
            moves=[(s, Status(s).label) for s in services.MOVES],
            export_query=query_without_page(self.request),
            waitlisted=Status.WAITLISTED,
            offered=Status.OFFERED,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        confirmation = self.move() if "move" in request.POST else self.bulk()
        return confirmation or redirect(self.back_url())

    def back_url(self):
        back = reverse("courses_admin:registrations", args=[self.course.pk])
        return back + "?" + self.request.GET.urlencode()

    def _refusal_wording(self, action, count, reason):
        """What the confirmation of a bulk reject or cancel says (the rest of the page is one)."""
        names = {"count": count, "course": self.course.title}
        if action == "reject":
            return {
                "title": _("Reject registrations"),
                "question": ngettext(
                    "Reject %(count)s registration for %(course)s?",
                    "Reject %(count)s registrations for %(course)s?",
                    count,
                )
                % names,
                "emailed": _(
                    "Each person is emailed that their registration was rejected, with the "
                    "reason: %(reason)s"
                )
                % {"reason": reason},
                "people_heading": _("People who will be refused"),
                "confirm_label": _("Yes, reject"),
            }
        return {
            "title": _("Cancel registrations"),
            "question": ngettext(
                "Cancel %(count)s registration for %(course)s?",
                "Cancel %(count)s registrations for %(course)s?",
                count,
            )
            % names,
            "emailed": _(
                "Each person is emailed that the organizers cancelled their registration, "
                "with the reason: %(reason)s"
            )
            % {"reason": reason},
            "people_heading": _("People whose registration will be cancelled"),
            "confirm_label": _("Yes, cancel them"),
        }

    def ask_before_refusing(self, action, registrations, reason):
        """Bulk reject or cancel asks first, listing the people and the reason they are sent."""
        wording = self._refusal_wording(action, len(registrations), reason)
        return self.ask_first(
            title=wording["title"],
            question=wording["question"],
            consequences=[
                wording["emailed"],
                _("A seat that is freed goes to the next person on the waiting list."),
            ],
            people_heading=wording["people_heading"],
            people=[
                f"{r.person.full_name} ({r.person.email}) – {r.get_status_display()}"
                for r in registrations
            ],
            fields=[
                ("action", action),
                ("reason", reason),
                *(("ids", r.pk) for r in registrations),
            ],
            confirm_label=wording["confirm_label"],
            back_url=self.back_url(),
        )

    def move(self):
        pk = services.parse_id(self.request.POST.get("move", ""))
        registration = (
            None
            if pk is None
            else Registration.objects.filter(pk=pk, course=self.course)
            .select_related("person")
            .first()
        )
        if registration is None:
            messages.error(self.request, _("This registration does not exist (any more)."))
            return None
        self.run(
            services.move,
            registration,
            self.request.POST.get("target", ""),
            by=self.request.user,
            reason=self.request.POST.get("reason", "").strip()[:1000],
            success=_("%(name)s moved.") % {"name": registration.person.full_name},
        )
        return None

    def bulk(self):
        request = self.request
        action = request.POST.get("action")
        ids = services.parse_ids(request.POST.getlist("ids"))
        chosen = list(
            Registration.objects.filter(course=self.course, pk__in=ids).select_related("person")
        )
        reason = request.POST.get("reason", "").strip()
        if action not in BULK_ACTIONS or not chosen:
            messages.error(request, _("Choose an action and at least one registration."))
            return None
        if action in ("reject", "cancel") and not reason:
            messages.error(request, RegistrationError("reason_required").message)
            return None
        if action in ("reject", "cancel") and not self.is_confirmed():
            return self.ask_before_refusing(action, chosen, reason)
        done, failures = 0, []
        for registration in chosen:
            # One refusal must not stop the batch: each is reported next to its person.
            try:
                if action == "approve":
                    services.approve(registration, by=request.user)
                elif action == "reject":
                    services.reject(registration, by=request.user, reason=reason)
                else:
                    services.cancel(registration, by=request.user, reason=reason)
                done += 1
            except ServiceError as error:
                failures.append(f"{registration.person.full_name}: {error.message}")
        if done:
            messages.success(request, _("%(n)s registrations updated.") % {"n": done})
        for failure in failures[:20]:
            messages.warning(request, failure)
        return None


class ExportView(CourseScreen):
    """The filtered registrations as .xlsx or .csv."""

    def get(self, request, *args, **kwargs):
        fmt = kwargs["fmt"]
        if fmt not in ("xlsx", "csv"):
            raise Http404
        headers, rows = services.export_table(
            self.course, filtered_registrations(request, self.course)
        )
        filename = export_filename("dang-ky", self.course.title)
        if fmt == "xlsx":
            return xlsx_response(filename, headers, rows, sheet_title=_("Registrations"))
        return csv_response(filename, headers, rows)


class AttendanceView(SessionScreen):
    template_name = "courses/admin/attendance.html"
    header_icon = "tasks"
    http_method_names = ["get", "post", "head", "options"]

    def get_page_title(self):
        return _("Attendance: %(session)s") % {"session": self.session}

    @cached_property
    def participants(self):
        return sorted(
            Registration.objects.filter(
                course=self.course, status__in=Registration.SEATED
            ).select_related("person", "person__unit"),
            key=lambda r: vietnamese.name_sort_key(r.person.full_name),
        )

    def get_context_data(self, **kwargs):
        current = dict(
            Attendance.objects.filter(session=self.session).values_list("registration_id", "status")
        )
        for registration in self.participants:
            registration.mark = current.get(registration.pk, "")
        return super().get_context_data(
            session=self.session,
            sessions=list(self.course.sessions.all()),
            participants=self.participants,
            choices=Attendance.Status.choices,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        marks = {}
        for registration in self.participants:
            value = request.POST.get(f"mark-{registration.pk}", "")
            if not value and "all_present" in request.POST:
                value = Attendance.Status.PRESENT
            if value:
                marks[registration.pk] = value
        self.run(
            services.mark_attendance,
            self.session,
            marks,
            by=request.user,
            success=lambda written: _("Attendance saved (%(n)s changes).") % {"n": written},
        )
        return redirect("courses_admin:attendance", self.course.pk, self.session.pk)


class QRCodeView(SessionScreen):
    """Shown on the projector at the venue; the page reloads itself as the code rotates."""

    template_name = "courses/admin/qr.html"
    page_title = gettext_lazy("Check-in QR code")
    header_icon = "calendar-check"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        url = self.request.build_absolute_uri(
            reverse("courses:check_in", args=[self.session.pk])
            + "?code="
            + services.checkin_code(self.session, now)
        )
        return super().get_context_data(
            session=self.session,
            url=url,
            svg=segno.make(url, error="m").svg_inline(scale=8, omitsize=True),
            typed_code=services.typed_checkin_code(self.session, now),
            start_url=self.request.build_absolute_uri(reverse("courses:check_in_start")),
            running=services.session_is_running(self.session, now),
            refresh=services.CHECKIN_PERIOD // 2,
            **kwargs,
        )


class DoorView(SessionScreen):
    """At the door, on an organizer's phone: find a person by name (tone marks optional) or by
    the QR code on their row of the printed sign-in sheet, and mark them present or late in one
    tap. The forms post without JavaScript; with it (courses-door.js) the row updates in place."""

    template_name = "courses/admin/door.html"
    header_icon = "user"
    http_method_names = ["get", "post", "head", "options"]
    page_title = gettext_lazy("At the door")

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()[:100]
        scanned = None
        token = self.request.GET.get("r", "")
        if token:
            try:
                scanned = services.registration_id_from_door_token(self.session, token)
            except ServiceError as error:
                messages.error(self.request, error.message)
        rows = services.session_participants(self.session, query="" if scanned else query)
        if scanned is not None:
            rows = [row for row in rows if row.pk == scanned]
            if not rows:
                messages.error(self.request, RegistrationError("not_participant").message)
        now = timezone.now()
        return super().get_context_data(
            session=self.session,
            rows=rows,
            query=query,
            scanned=scanned,
            marks=[(value, Attendance.Status(value).label) for value in services.DOOR_MARKS],
            started=now >= self.session.start,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        registration_id = services.parse_id(request.POST.get("registration", ""))
        status = request.POST.get("status", "")
        wants_json = "application/json" in request.headers.get("Accept", "")
        try:
            if registration_id is None:
                raise RegistrationError("attendance_invalid")
            record = services.mark_at_door(self.session, registration_id, status, by=request.user)
        except ServiceError as error:
            if wants_json:
                return error_json(error)
            messages.error(request, error.message)
        else:
            name = record.registration.person.full_name
            text = _("%(name)s: %(status)s.") % {
                "name": name,
                "status": record.get_status_display(),
            }
            if wants_json:
                return JsonResponse(
                    {
                        "ok": True,
                        "status": record.status,
                        "label": record.get_status_display(),
                        "time": timezone.localtime(record.recorded_at).strftime("%H:%M"),
                        "message": text,
                    }
                )
            messages.success(request, text)
        back = reverse("courses_admin:door", args=[self.course.pk, self.session.pk])
        # Back to the same view of the list: the search, or the person scanned from the sheet.
        keep = {key: request.POST.get(key, "").strip()[:200] for key in ("q", "r")}
        keep = {key: value for key, value in keep.items() if value}
        if keep:
            back += "?" + urlencode(keep)
        return redirect(back + (f"#reg-{registration_id}" if registration_id else ""))


class SignInSheetView(SessionScreen):
    """The session's printed sign-in sheet (PDF), with a door-screen QR code on every row."""

    def get(self, request, *args, **kwargs):
        door_url = request.build_absolute_uri(
            reverse("courses_admin:door", args=[self.course.pk, self.session.pk])
        )
        data = sign_in_sheet.render(self.session, door_url=door_url)
        response = HttpResponse(data, content_type="application/pdf")
        filename = f"danh-sach-ky-{self.course.slug}-{self.session.date:%Y%m%d}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response


class CompletionView(CourseScreen):
    template_name = "courses/admin/completion.html"
    page_title = gettext_lazy("Completion")
    header_icon = "success"
    http_method_names = ["get", "post", "head", "options"]

    def get_context_data(self, **kwargs):
        rows = sorted(
            services.completion_overview(self.course),
            key=lambda row: vietnamese.name_sort_key(row.registration.person.full_name),
        )
        return super().get_context_data(rows=rows, **kwargs)

    def post(self, request, *args, **kwargs):
        self.run(
            services.confirm_completion,
            self.course,
            by=request.user,
            registration_ids=services.parse_ids(request.POST.getlist("ids")),
            success=lambda result: (
                _("Completion confirmed: %(done)s completed, %(failed)s not completed.")
                % {"done": result[0], "failed": result[1]}
            ),
        )
        return redirect("courses_admin:completion", self.course.pk)


class CourseActionView(CourseScreen):
    """A form on the dashboard that changes the course; answers with the dashboard again."""

    http_method_names = ["get", "post", "head", "options"]

    def get(self, request, *args, **kwargs):
        return redirect("courses_admin:dashboard", self.course.pk)

    def post(self, request, *args, **kwargs):
        self.act(request)
        return redirect("courses_admin:dashboard", self.course.pk)


class CapacityView(CourseActionView):
    def act(self, request):
        self.run(
            services.set_capacity,
            self.course,
            request.POST.get("capacity"),
            by=request.user,
            success=lambda promoted: (
                (
                    _("Capacity saved; %(n)s people offered a seat from the waiting list.")
                    if self.course.freed_seat == Course.FreedSeat.OFFER
                    else _("Capacity saved; %(n)s people promoted from the waiting list.")
                )
                % {"n": len(promoted)}
            ),
        )


class CancelCourseView(CourseActionView):
    def act(self, request):
        self.run(
            services.cancel_course,
            self.course,
            by=request.user,
            reason=request.POST.get("reason", "").strip(),
            success=lambda count: _("Course cancelled; %(n)s people were told.") % {"n": count},
        )


class PauseRegistrationView(CourseActionView):
    """ "Dừng nhận đăng ký": one click stops sign-up at once; the same button reopens it."""

    def act(self, request):
        paused = request.POST.get("paused") == "1"
        self.run(
            services.set_registration_paused,
            self.course,
            paused,
            by=request.user,
            success=lambda course: (
                _("Registration paused: nobody can sign up or be nominated until you reopen it.")
                if course.registration_paused
                else _("Registration reopened.")
            ),
        )


def keep_capacity_after_edit(request, course):
    """After the course's edit form is saved: a raised capacity promotes people from the
    waiting list at once. The form checked the capacity without the lock, so seats taken since
    then win: under the lock the capacity becomes at least the seats taken, and the organizer
    is told."""
    if not run_service(
        request,
        services.set_capacity,
        course,
        course.capacity,
        by=request.user,
        at_least_taken=True,
    ):
        return
    capacity = Course.objects.values_list("capacity", flat=True).get(pk=course.pk)
    if capacity != course.capacity:
        error = RegistrationError("capacity_below_confirmed", count=capacity)
        messages.error(
            request,
            _("%(error)s The capacity is now %(capacity)s.")
            % {"error": error.message, "capacity": capacity},
        )


class CourseMailingMixin:
    """“Gửi thư cho học viên”: the course's people, by the status of their registration
    (common/messaging_views.py; the permission is the one of every course screen)."""

    audience_name = "courses.course"
    nav_template = "courses/admin/_nav.html"
    nav_stylesheets = ("css/courses.css",)
    default_filter = "confirmed"

    def mailing_object(self):
        return self.course

    def mailing_url(self, name, *args):
        return reverse(f"courses_admin:mailing_{name}", args=[self.course.pk, *args])


class MailingComposeView(CourseMailingMixin, MailingComposeMixin, CourseScreen):
    page_title = gettext_lazy("Email the participants")
    header_icon = "mail"


class MailingStatusView(CourseMailingMixin, MailingStatusMixin, CourseScreen):
    header_icon = "mail"


class MailingHistoryView(CourseMailingMixin, MailingHistoryMixin, CourseScreen):
    header_icon = "mail"


app_name = "courses_admin"

urlpatterns = [
    path("<int:course_id>/", DashboardView.as_view(), name="dashboard"),
    path("<int:course_id>/dang-ky/", RegistrationsView.as_view(), name="registrations"),
    path("<int:course_id>/dang-ky.<str:fmt>", ExportView.as_view(), name="export"),
    path(
        "<int:course_id>/diem-danh/<int:session_id>/",
        AttendanceView.as_view(),
        name="attendance",
    ),
    path("<int:course_id>/ma-qr/<int:session_id>/", QRCodeView.as_view(), name="qr"),
    path("<int:course_id>/cua-vao/<int:session_id>/", DoorView.as_view(), name="door"),
    path(
        "<int:course_id>/danh-sach-ky/<int:session_id>.pdf",
        SignInSheetView.as_view(),
        name="sign_in_sheet",
    ),
    path("<int:course_id>/hoan-thanh/", CompletionView.as_view(), name="completion"),
    path("<int:course_id>/so-cho/", CapacityView.as_view(), name="capacity"),
    path("<int:course_id>/huy-khoa-hoc/", CancelCourseView.as_view(), name="cancel_course"),
    path(
        "<int:course_id>/dung-nhan-dang-ky/",
        PauseRegistrationView.as_view(),
        name="pause_registration",
    ),
    path("<int:course_id>/gui-thu/", MailingComposeView.as_view(), name="mailing_compose"),
    path("<int:course_id>/gui-thu/lich-su/", MailingHistoryView.as_view(), name="mailing_history"),
    path(
        "<int:course_id>/gui-thu/<int:mailing_id>/",
        MailingStatusView.as_view(),
        name="mailing_status",
    ),
]
