"""Organizer screens in the Wagtail admin, per course: dashboard, registrations (filters, search,
bulk actions, exports), attendance per session, QR code for check-in, completion review."""

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import vietnamese
from common.spreadsheets import csv_response, xlsx_response

from . import services
from .models import Attendance, Course, Registration, Session
from .services import RegistrationError
from .views import with_positions

Status = Registration.Status
PERMISSION = "courses.manage_registrations"
#: Registrations per page on the registrations screen.
PER_PAGE = 50


def _course_or_403(request, course_id):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    return get_object_or_404(Course, pk=course_id)


def _render(request, template, course, title, **context):
    return TemplateResponse(
        request,
        f"courses/admin/{template}.html",
        {
            "course": course,
            "page_title": title,
            "header_title": title,
            "header_icon": "calendar",
            "breadcrumbs_items": [
                {"url": reverse("wagtailadmin_home"), "label": _("Home")},
                {"url": reverse("wagtailsnippets_courses_course:list"), "label": _("Courses")},
                {
                    "url": reverse("courses_admin:dashboard", args=[course.pk]),
                    "label": course.title,
                },
                {"url": "", "label": title},
            ],
            **context,
        },
    )


def dashboard(request, course_id):
    course = _course_or_403(request, course_id)
    counts = dict(
        Registration.objects.filter(course=course)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    seated = sum(counts.get(status, 0) for status in Registration.SEATED)
    sessions = list(course.sessions.all())
    held = [s for s in sessions if s.start <= timezone.now()]
    attended = Attendance.objects.filter(
        session__in=held,
        status__in=Attendance.ATTENDED,
        registration__status__in=Registration.SEATED,
    ).count()
    attendance_rate = round(100 * attended / (seated * len(held))) if seated and held else None
    completed = counts.get(Status.COMPLETED, 0)
    decided = completed + counts.get(Status.NOT_COMPLETED, 0)
    by_unit = list(
        Registration.objects.filter(course=course, status__in=Registration.SEATED)
        .values("person__unit__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "person__unit__name")
    )
    top = max((row["n"] for row in by_unit), default=0)
    for row in by_unit:
        row["width"] = round(100 * row["n"] / top) if top else 0
    return _render(
        request,
        "dashboard",
        course,
        _("Dashboard"),
        counts={Status(k).label: v for k, v in counts.items()},
        seated=seated,
        seats_left=max(course.capacity - seated, 0),
        waitlisted=counts.get(Status.WAITLISTED, 0),
        pending=counts.get(Status.PENDING, 0),
        attendance_rate=attendance_rate,
        completion_rate=round(100 * completed / decided) if decided else None,
        by_unit=by_unit,
        sessions=sessions,
    )


def _filtered_registrations(request, course):
    qs = with_positions(
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


def registrations(request, course_id):
    course = _course_or_403(request, course_id)
    if request.method == "POST":
        return _bulk(request, course)
    query = request.GET.copy()  # the filters, kept by the pager and the export links
    query.pop("page", None)
    page = Paginator(_filtered_registrations(request, course), PER_PAGE).get_page(
        request.GET.get("page")
    )
    units = (
        Registration.objects.filter(course=course, person__unit__isnull=False)
        .values_list("person__unit_id", "person__unit__name")
        .distinct()
        .order_by("person__unit__name")
    )
    return _render(
        request,
        "registrations",
        course,
        _("Registrations"),
        rows=page.object_list,
        page_obj=page,
        statuses=Status.choices,
        sources=Registration.Source.choices,
        units=units,
        actions=BULK_ACTIONS,
        moves=[(s, Status(s).label) for s in services.MOVES],
        query=query.urlencode(),
        waitlisted=Status.WAITLISTED,
    )


def _bulk(request, course):
    back = reverse("courses_admin:registrations", args=[course.pk]) + "?" + request.GET.urlencode()
    if "move" in request.POST:
        pk = services.parse_id(request.POST.get("move", ""))
        registration = (
            None
            if pk is None
            else Registration.objects.filter(pk=pk, course=course).select_related("person").first()
        )
        if registration is None:
            messages.error(request, _("This registration does not exist (any more)."))
            return redirect(back)
        try:
            services.move(
                registration,
                request.POST.get("target", ""),
                by=request.user,
                reason=request.POST.get("reason", "").strip()[:1000],
            )
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("%(name)s moved.") % {"name": registration.person.full_name}
            )
        return redirect(back)
    action = request.POST.get("action")
    ids = services.parse_ids(request.POST.getlist("ids"))
    chosen = list(Registration.objects.filter(course=course, pk__in=ids).select_related("person"))
    reason = request.POST.get("reason", "").strip()
    if action not in BULK_ACTIONS or not chosen:
        messages.error(request, _("Choose an action and at least one registration."))
        return redirect(back)
    if action in ("reject", "cancel") and not reason:
        messages.error(request, str(services.ERRORS["reason_required"]))
        return redirect(back)
    done, failures = 0, []
    for registration in chosen:
        try:
            if action == "approve":
                services.approve(registration, by=request.user)
            elif action == "reject":
                services.reject(registration, by=request.user, reason=reason)
            else:
                services.cancel(registration, by=request.user, reason=reason)
            done += 1
        except RegistrationError as error:
            failures.append(f"{registration.person.full_name}: {error.message}")
    if done:
        messages.success(request, _("%(n)s registrations updated.") % {"n": done})
    for failure in failures[:20]:
        messages.warning(request, failure)
    return redirect(back)


def export(request, course_id, fmt):
    course = _course_or_403(request, course_id)
    if fmt not in ("xlsx", "csv"):
        raise Http404
    sessions = list(course.sessions.all())
    registrations = list(_filtered_registrations(request, course))
    marks = {
        (a.registration_id, a.session_id): a.get_status_display()
        for a in Attendance.objects.filter(session__course=course)
    }
    registrations.sort(key=lambda r: vietnamese.name_sort_key(r.person.full_name))
    headers = [
        _("No."),
        _("Full name"),
        _("Unit"),
        _("Position"),
        _("Email"),
        _("Status"),
        _("Waiting-list position"),
        _("Registered by"),
        _("Registered at"),
    ]
    headers += [
        _("Session %(n)s (%(date)s)") % {"n": i, "date": s.date.strftime("%d/%m/%Y")}
        for i, s in enumerate(sessions, 1)
    ]
    headers += [_("Sessions attended"), _("Final test score"), _("Completion")]
    rows = []
    for index, r in enumerate(registrations, 1):
        attended = sum(
            1
            for s in sessions
            if marks.get((r.pk, s.pk))
            in (Attendance.Status.PRESENT.label, Attendance.Status.LATE.label)
        )
        completion = {
            Status.COMPLETED: _("Completed"),
            Status.NOT_COMPLETED: _("Not completed"),
        }.get(r.status, "")
        rows.append(
            [
                index,
                r.person.full_name,
                r.person.unit.name if r.person.unit_id else "",
                r.person.position,
                r.person.email,
                r.get_status_display(),
                r.ahead + 1 if r.status == Status.WAITLISTED else "",
                r.get_source_display(),
                timezone.localtime(r.created_at).strftime("%d/%m/%Y %H:%M"),
                *[marks.get((r.pk, s.pk), "") for s in sessions],
                attended,
                r.final_test_score if r.final_test_score is not None else "",
                completion,
            ]
        )
    filename = f"dang-ky-{course.slug}"
    if fmt == "xlsx":
        return xlsx_response(filename, headers, rows, sheet_title=_("Registrations"))
    return csv_response(filename, headers, rows)


def attendance(request, course_id, session_id):
    course = _course_or_403(request, course_id)
    session = get_object_or_404(Session, pk=session_id, course=course)
    participants = sorted(
        Registration.objects.filter(course=course, status__in=Registration.SEATED).select_related(
            "person", "person__unit"
        ),
        key=lambda r: vietnamese.name_sort_key(r.person.full_name),
    )
    if request.method == "POST":
        marks = {}
        for registration in participants:
            value = request.POST.get(f"mark-{registration.pk}", "")
            if not value and "all_present" in request.POST:
                value = Attendance.Status.PRESENT
            if value:
                marks[registration.pk] = value
        try:
            written = services.mark_attendance(session, marks, by=request.user)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Attendance saved (%(n)s changes).") % {"n": written})
        return redirect("courses_admin:attendance", course.pk, session.pk)
    current = dict(
        Attendance.objects.filter(session=session).values_list("registration_id", "status")
    )
    for registration in participants:
        registration.mark = current.get(registration.pk, "")
    return _render(
        request,
        "attendance",
        course,
        _("Attendance: %(session)s") % {"session": session},
        session=session,
        sessions=list(course.sessions.all()),
        participants=participants,
        choices=Attendance.Status.choices,
    )


def qr_code(request, course_id, session_id):
    """Shown on the projector at the venue; the page reloads itself as the code rotates."""
    course = _course_or_403(request, course_id)
    session = get_object_or_404(Session, pk=session_id, course=course)
    now = timezone.now()
    url = request.build_absolute_uri(
        reverse("courses:check_in", args=[session.pk])
        + "?code="
        + services.checkin_code(session, now)
    )
    return _render(
        request,
        "qr",
        course,
        _("Check-in QR code"),
        session=session,
        url=url,
        svg=segno.make(url, error="m").svg_inline(scale=8, omitsize=True),
        running=services.session_is_running(session, now),
        refresh=services.CHECKIN_PERIOD // 2,
    )


def completion(request, course_id):
    course = _course_or_403(request, course_id)
    if request.method == "POST":
        ids = services.parse_ids(request.POST.getlist("ids"))
        done, failed = services.confirm_completion(course, by=request.user, registration_ids=ids)
        messages.success(
            request,
            _("Completion confirmed: %(done)s completed, %(failed)s not completed.")
            % {"done": done, "failed": failed},
        )
        return redirect("courses_admin:completion", course.pk)
    rows = sorted(
        services.completion_overview(course),
        key=lambda row: vietnamese.name_sort_key(row.registration.person.full_name),
    )
    return _render(request, "completion", course, _("Completion"), rows=rows)


def capacity(request, course_id):
    course = _course_or_403(request, course_id)
    if request.method == "POST":
        try:
            promoted = services.set_capacity(course, request.POST.get("capacity"), by=request.user)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Capacity saved; %(n)s people promoted from the waiting list.")
                % {"n": len(promoted)},
            )
    return redirect("courses_admin:dashboard", course.pk)


def cancel_course(request, course_id):
    course = _course_or_403(request, course_id)
    if request.method == "POST":
        if course.status == Course.Status.CANCELLED:
            messages.error(request, str(services.ERRORS["course_cancelled"]))
        else:
            count = services.cancel_course(
                course, by=request.user, reason=request.POST.get("reason", "").strip()
            )
            messages.success(request, _("Course cancelled; %(n)s people were told.") % {"n": count})
    return redirect("courses_admin:dashboard", course.pk)
