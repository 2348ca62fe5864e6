"""Public pages: catalogue, course page, sign-up and cancel, my courses, calendars, QR check-in,
and the unit coordinators' pages (front-end, so coordinators need no admin access)."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common import vietnamese
from common.errors import ServiceError, run_service
from common.pagination import paginate

from . import services
from .calendar import build_calendar, feed_url, user_for_feed_token
from .errors import RegistrationError
from .forms import CatalogueFilterForm, CheckInCodeForm, RegistrationForm
from .models import Course, Registration, Session

Status = Registration.Status
PER_PAGE = 12
#: Registrations of the unit's staff per page on the coordinator's page.
COORDINATOR_PER_PAGE = 50


def _with_seats(qs):
    return qs.annotate(
        seats_taken=Count("registrations", filter=Q(registrations__status__in=Registration.HOLDING))
    )


def _sessions_prefetch():
    return Prefetch("sessions", queryset=Session.objects.order_by("date", "starts_at"))


def catalogue(request):
    form = CatalogueFilterForm(request.GET or None)
    now = timezone.now()
    courses = (
        _with_seats(Course.objects.visible())
        .select_related("organizing_unit")
        .prefetch_related(_sessions_prefetch())
        .order_by("-registration_opens_at", "pk")
    )
    unit = getattr(request.user, "unit", None) if request.user.is_authenticated else None
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"]:
            courses = courses.filter(kind=data["kind"])
        if data["month"]:
            year, month = data["month"]
            courses = courses.filter(
                pk__in=Session.objects.filter(date__year=year, date__month=month).values("course")
            )
        if data["open"]:
            courses = courses.open_for_registration(now)
        if data["mine"] and request.user.is_authenticated:
            courses = courses.filter(pk__in=Course.objects.open_to(unit).values("pk"))
        for word in vietnamese.fold(data["q"]).split()[:10]:
            courses = courses.filter(title_folded__contains=word)
    page = paginate(request, courses, PER_PAGE)
    mine = {}
    if request.user.is_authenticated:
        mine = dict(
            Registration.objects.filter(
                person=request.user, course__in=[c.pk for c in page.object_list]
            ).values_list("course_id", "status")
        )
    for course in page.object_list:
        course.seats_left = max(course.capacity - course.seats_taken, 0)
        course.is_open = course.registration_is_open(now)
        status = mine.get(course.pk)
        course.my_status = Status(status).label if status else None
    return render(request, "courses/catalogue.html", {"form": form, "page_obj": page})


def _next_step(course, registration, now):
    """One sentence telling the person what happens next."""
    if course.status == Course.Status.CANCELLED:
        return _("This course has been cancelled.")
    offer_step = _offer_step(course, registration, now)
    if offer_step is not None:
        return offer_step
    if registration is None or registration.status in (Status.CANCELLED, Status.REJECTED):
        refusal = course.registration_refusal(now)
        if refusal is None:
            return _("Registration is open: sign up below.")
        if refusal == "not_open_yet":
            return _("Registration has not opened yet.")
        if refusal == "paused":
            return _("Registration for this course is paused.")
        return _("Registration is closed.")
    return {
        Status.PENDING: _("The organizers will review your registration; you will get an email."),
        Status.CONFIRMED: _(
            "Your seat is confirmed. Add the sessions to your calendar and check in at the venue "
            "by scanning the QR code."
        ),
        Status.WAITLISTED: _(
            "You will get a seat automatically when one becomes free, and an email then."
        ),
        Status.COMPLETED: _("You have completed this course."),
        Status.NOT_COMPLETED: _("You did not meet the completion rule of this course."),
    }[registration.status]


def _offer_step(course, registration, now):
    """The next step where seats are offered: the offer itself, its lapse, or how the wait ends."""
    if registration is None:
        return None
    if registration.status == Status.OFFERED:
        if registration.offer_is_open(now):
            return ""  # the offer itself says what to do, with its deadline
        return _(
            "The time to accept this seat is over; it goes to the next person on the waiting list."
        )
    if registration.status == Status.OFFER_EXPIRED:
        if course.registration_is_open(now):
            return _(
                "The seat offered to you was not accepted in time and went to the next person. "
                "You may sign up again below: you would join the end of the waiting list."
            )
        return _("The seat offered to you was not accepted in time and went to the next person.")
    if registration.status == Status.WAITLISTED and course.freed_seat == Course.FreedSeat.OFFER:
        return _(
            "When a seat becomes free you will be offered it by email and have %(hours)s hours "
            "to accept it."
        ) % {"hours": course.offer_hours}
    return None


def _time_left(deadline, now) -> dict:
    minutes = max(int((deadline - now).total_seconds()) // 60, 0)
    return {"hours": minutes // 60, "minutes": minutes % 60}


def detail(request, slug):
    now = timezone.now()
    course = get_object_or_404(
        _with_seats(Course.objects.visible())
        .select_related("organizing_unit")
        .prefetch_related(_sessions_prefetch(), "questions"),
        slug=slug,
    )
    registration = None
    if request.user.is_authenticated:
        registration = services.with_positions(
            Registration.objects.filter(person=request.user, course=course)
        ).first()
    context = {
        "course": course,
        "sessions": list(course.sessions.all()),
        "seats_left": max(course.capacity - course.seats_taken, 0),
        "is_open": course.registration_is_open(now),
        "registration": registration,
        "position": registration.ahead + 1
        if registration and registration.status == Status.WAITLISTED
        else None,
        "can_cancel": registration is not None
        and registration.status in (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED),
        "offer_open": registration is not None and registration.offer_is_open(now),
        "offer_left": _time_left(registration.offer_expires_at, now)
        if registration is not None and registration.offer_is_open(now)
        else None,
        "next_step": _next_step(course, registration, now),
        "form": RegistrationForm(questions=course.questions.all()),
        # Who may sign up, said before the form rather than after it is filled in.
        "audience_names": _audience_names(course),
    }
    return render(request, "courses/detail.html", context)


def _audience_names(course) -> list[str]:
    if course.audience != Course.Audience.LISTED:
        return []
    groups = [group.name for group in course.audience_groups.order_by("name")]
    units = [unit.name for unit in course.audience_units.order_by("sort_order", "name")]
    return groups + units


@login_required
@require_POST
def sign_up(request, slug):
    course = get_object_or_404(Course.objects.visible(), slug=slug)
    form = RegistrationForm(request.POST, questions=course.questions.all())
    form.is_valid()
    run_service(
        request,
        services.register,
        request.user,
        course,
        answers=form.cleaned_data,
        success=_signed_up_text,
    )
    return redirect(course)


def _signed_up_text(registration):
    if registration.status == Status.WAITLISTED and getattr(
        registration, "unit_quota_reached", False
    ):
        return _(
            "Your unit has used all %(quota)s seats set aside for each unit: you are on the "
            "waiting list, position %(n)s."
        ) % {
            "quota": registration.course.unit_quota,
            "n": services.waiting_position(registration),
        }
    if registration.status == Status.WAITLISTED:
        return _("The course is full: you are on the waiting list, position %(n)s.") % {
            "n": services.waiting_position(registration)
        }
    return {
        Status.CONFIRMED: _("You are registered. Your seat is confirmed."),
        Status.PENDING: _("Your registration was received and awaits approval."),
    }[registration.status]


@login_required
def cancel(request, slug):
    """Cancelling asks first and says what it means (the seat goes to the next person); only a
    POST carrying the confirmation cancels."""
    course = get_object_or_404(Course.objects.visible(), slug=slug)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        run_service(
            request,
            services.cancel_own,
            request.user,
            course,
            success=_("Your registration has been cancelled."),
        )
        return redirect(course)
    registration = (
        Registration.objects.filter(person=request.user, course=course)
        .exclude(status__in=(Status.CANCELLED, Status.REJECTED))
        .first()
    )
    if registration is None:
        return redirect(course)
    return render(
        request,
        "courses/cancel_confirm.html",
        {
            "course": course,
            "registration": registration,
            "position": services.waiting_position(registration),
            "waiting": Registration.objects.filter(course=course, status=Status.WAITLISTED).count(),
        },
    )


@login_required
@require_POST
def accept_offer(request, slug):
    """ "Nhận chỗ": only the person's own offer, only while it is open (the service decides)."""
    course = get_object_or_404(Course.objects.visible(), slug=slug)
    run_service(
        request,
        services.accept_offer,
        request.user,
        course,
        success=_("The seat is yours: your registration is confirmed."),
    )
    return redirect(course)


@login_required
def decline_offer(request, slug):
    """ "Nhường chỗ" asks first, as cancelling does; only a POST carrying the confirmation gives
    the seat up."""
    course = get_object_or_404(Course.objects.visible(), slug=slug)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        run_service(
            request,
            services.decline_offer,
            request.user,
            course,
            success=_("You have given up the seat; it is offered to the next person."),
        )
        return redirect(course)
    registration = Registration.objects.filter(
        person=request.user, course=course, status=Status.OFFERED
    ).first()
    if registration is None:
        return redirect(course)
    return render(
        request,
        "courses/decline_confirm.html",
        {
            "course": course,
            "registration": registration,
            "waiting": Registration.objects.filter(course=course, status=Status.WAITLISTED).count(),
        },
    )


@login_required
def my_courses(request):
    registrations = list(
        services.with_positions(
            Registration.objects.filter(person=request.user)
            .exclude(status=Status.CANCELLED)
            .select_related("course")
            .prefetch_related(
                Prefetch("course__sessions", queryset=Session.objects.order_by("date", "starts_at"))
            )
        ).order_by("-queued_at")
    )
    today = timezone.localdate()
    upcoming, past = [], []
    for registration in registrations:
        last = registration.course.last_day
        (past if last and last < today else upcoming).append(registration)
    return render(
        request,
        "courses/my_courses.html",
        {
            "upcoming": upcoming,
            "past": past,
            "waitlisted": Status.WAITLISTED,
            "now": timezone.now(),
            "feed_url": feed_url(request.user),
        },
    )


def _ics_response(sessions, name, filename):
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    response = HttpResponse(
        build_calendar(sessions, name=name, base_url=base_url),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response


def course_ics(request, slug):
    course = get_object_or_404(Course.objects.visible(), slug=slug)
    sessions = Session.objects.filter(course=course).select_related("course")
    return _ics_response(sessions, course.title, course.slug)


@login_required
def my_ics(request):
    sessions = (
        Session.objects.filter(
            course__registrations__person=request.user,
            course__registrations__status__in=(Status.CONFIRMED, Status.COMPLETED),
        )
        .exclude(course__status=Course.Status.CANCELLED)
        .select_related("course")
        .order_by("date", "starts_at")
    )
    return _ics_response(sessions, _("My courses"), "khoa-hoc-cua-toi")


def calendar_feed(request, token):
    """The personal subscription feed (webcal://): no login, the secret address is the key.
    Calendar programs fetch it again every few hours, so moved sessions follow and sessions of
    cancelled courses or registrations disappear."""
    person = user_for_feed_token(token)
    if person is None:
        raise Http404
    sessions = (
        Session.objects.filter(
            course__registrations__person=person,
            course__registrations__status__in=(Status.CONFIRMED, Status.COMPLETED),
        )
        .exclude(course__status=Course.Status.CANCELLED)
        .select_related("course")
        .order_by("date", "starts_at")
    )
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    response = HttpResponse(
        build_calendar(sessions, name=_("My courses"), base_url=base_url),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
def check_in(request, session_id):
    """Self check-in: the QR code's link (GET shows a button, the POST checks in) or the short
    code typed from the projector. Once recorded, the page shows the status and time instead."""
    session = get_object_or_404(
        Session.objects.select_related("course").exclude(course__status=Course.Status.DRAFT),
        pk=session_id,
    )
    code = request.POST.get("code") or request.GET.get("code", "")
    form = CheckInCodeForm()
    if request.method == "POST":
        if "typed_code" in request.POST:
            form = CheckInCodeForm(request.POST)
            if form.is_valid():
                try:
                    services.check_in_with_code(
                        request.user, session, form.cleaned_data["typed_code"]
                    )
                except ServiceError as error:
                    # Next to the field rather than at the top: the person types it again.
                    form.add_error("typed_code", error.as_validation_error())
                else:
                    messages.success(request, _("You are checked in. Thank you!"))
                    return redirect("courses:check_in", session.pk)
        elif run_service(
            request,
            services.check_in,
            request.user,
            session,
            code,
            success=_("You are checked in. Thank you!"),
        ):
            return redirect("courses:check_in", session.pk)
    return render(
        request,
        "courses/check_in.html",
        {
            "session": session,
            "course": session.course,
            "code": code,
            "form": form,
            "attendance": services.own_attendance(request.user, session),
        },
    )


@login_required
def check_in_start(request):
    """ "Điểm danh" without a camera: the person's sessions whose check-in is open now; with
    just one, straight to its page, where the code from the projector is typed."""
    now = timezone.now()
    today = timezone.localdate(now)
    sessions = [
        session
        for session in Session.objects.filter(
            date__range=(today, today + dt.timedelta(days=1)),
            course__status=Course.Status.PUBLISHED,
            course__registrations__person=request.user,
            course__registrations__status=Status.CONFIRMED,
        )
        .select_related("course")
        .order_by("date", "starts_at", "pk")
        if services.session_is_running(session, now)
    ]
    if len(sessions) == 1:
        return redirect("courses:check_in", sessions[0].pk)
    return render(request, "courses/check_in_start.html", {"sessions": sessions})


# ----------------------------------------------------------------------------------------------
# Unit coordinators
# ----------------------------------------------------------------------------------------------


def _coordinated_units(request):
    if not request.user.is_authenticated:
        return None
    units = list(request.user.coordinated_units.all())
    if not units:
        raise PermissionDenied
    request.user.is_coordinator = True  # known now: the account menu asks no query for it
    return units


@login_required
def coordinator_home(request):
    units = _coordinated_units(request)
    now = timezone.now()
    courses = list(
        _with_seats(Course.objects.not_closed_yet(now))
        .filter(
            pk__in=Course.objects.filter(
                Q(audience=Course.Audience.ALL)
                | Q(audience_units__in=units)
                | Q(audience_groups__in=[u.group_id for u in units if u.group_id])
            ).values("pk")
        )
        .prefetch_related(_sessions_prefetch())
        .order_by("registration_closes_at", "pk")
    )
    waiting = dict(
        Registration.objects.filter(course__in=courses, status=Status.WAITLISTED)
        .values_list("course")
        .annotate(n=Count("pk"))
        .order_by()
    )
    pending = dict(
        Registration.objects.filter(course__in=courses, status=Status.PENDING)
        .values_list("course")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for course in courses:
        course.seats_left = max(course.capacity - course.seats_taken, 0)
        course.is_open = course.registration_is_open(now)
        course.waiting_count = waiting.get(course.pk, 0)
        course.pending_count = pending.get(course.pk, 0)
    User = get_user_model()
    # A coordinator follows only the people confirmed in their units: a self-declared unit
    # must not open anyone's registrations to that unit's coordinator.
    nominations = paginate(
        request,
        services.with_positions(
            Registration.objects.filter(
                person__in=User.objects.confirmed_members(units).values("pk")
            ).select_related("person", "course", "created_by", "decided_by")
        ).order_by("-created_at", "-pk"),
        COORDINATOR_PER_PAGE,
    )
    for registration in nominations.object_list:
        registration.decision_note = _decision_note(registration)
        registration.may_withdraw = (
            registration.source == Registration.Source.NOMINATION
            and registration.status == Status.PENDING
        )
        registration.may_reorder = (
            registration.source == Registration.Source.NOMINATION
            and registration.status in services.REORDERABLE
        )
    return render(
        request,
        "courses/coordinator_home.html",
        {
            "units": units,
            "courses": courses,
            "nominations": nominations.object_list,
            "page_obj": nominations,
            "waitlisted": Status.WAITLISTED,
            "awaiting": User.objects.awaiting_unit_confirmation()
            .filter(unit__in=units, is_active=True)
            .count(),
        },
    )


def _nominated_text(created):
    return _(
        "%(total)s people nominated: %(confirmed)s confirmed, %(pending)s awaiting approval, %(waiting)s on the waiting list."
    ) % {
        "total": len(created),
        "confirmed": sum(r.status == Status.CONFIRMED for r in created),
        "pending": sum(r.status == Status.PENDING for r in created),
        "waiting": sum(r.status == Status.WAITLISTED for r in created),
    }


@login_required
def coordinator_nominate(request, slug):
    units = _coordinated_units(request)
    course = get_object_or_404(
        _with_seats(Course.objects.visible()).prefetch_related(_sessions_prefetch()), slug=slug
    )
    User = get_user_model()
    staff = sorted(
        User.objects.confirmed_members(units)
        # One subquery: a multi-valued exclude would match the two conditions on different
        # registrations and hide people active in another course.
        .exclude(
            pk__in=Registration.objects.filter(
                course=course, status__in=Registration.ACTIVE
            ).values("person")
        )
        .select_related("unit"),
        key=lambda person: vietnamese.name_sort_key(person.full_name),
    )
    # Shown apart, with the confirm action: they cannot be nominated until confirmed.
    awaiting = sorted(
        User.objects.awaiting_unit_confirmation()
        .filter(unit__in=units, is_active=True)
        .select_related("unit")
        .order_by("date_joined", "pk")[:COORDINATOR_PER_PAGE],
        key=lambda person: vietnamese.name_sort_key(person.full_name),
    )
    if request.method == "POST":
        ids = services.parse_ids(request.POST.getlist("people"))
        if run_service(
            request, services.nominate, request.user, course, ids, success=_nominated_text
        ):
            return redirect("courses:coordinator")
    nominees = services.unit_nominees(request.user, course)
    return render(
        request,
        "courses/coordinator_nominate.html",
        {
            "course": course,
            "staff": staff,
            "awaiting": awaiting,
            "seats_left": max(course.capacity - course.seats_taken, 0),
            "units": units,
            "pending_nominees": nominees[Status.PENDING],
            "waiting_nominees": nominees[Status.WAITLISTED],
            "moved": request.GET.get("moved", ""),
        },
    )


def _decision_note(registration) -> str:
    """Who cancelled or refused a registration, for the coordinator's list (the reason is
    shown beside it). Only when the decision is the cancellation itself (decided_at ==
    cancelled_at): an older approval must not be read as the cancellation."""
    by = registration.decided_by
    if registration.status == Status.REJECTED and by is not None:
        return _("Refused by %(name)s") % {"name": by.full_name}
    if registration.status != Status.CANCELLED:
        return ""
    # Organizers and coordinators record themselves as the decision at the moment they
    # cancel; the person cancelling (or deleting their account) records no decision.
    if by is None or registration.decided_at != registration.cancelled_at:
        return _("Cancelled by the person")
    return _("Cancelled by %(name)s") % {"name": by.full_name}


def _nomination_or_404(request, pk):
    _coordinated_units(request)  # anyone who coordinates no unit: 403
    registration = services.coordinated_nomination(request.user, pk)
    if registration is None:
        raise Http404
    return registration


@login_required
def coordinator_withdraw(request, pk):
    """A coordinator withdraws a nomination not yet approved: a confirmation step, then POST."""
    registration = _nomination_or_404(request, pk)
    back = reverse("courses:nominate", args=[registration.course.slug])
    if request.method == "POST":
        outcome = run_service(
            request,
            services.withdraw_nomination,
            request.user,
            registration.pk,
            reason=request.POST.get("reason", ""),
            success=lambda withdrawn: (
                _("The nomination of %(name)s was withdrawn; they have been told by email.")
                % {"name": withdrawn.person.full_name}
            ),
        )
        return redirect(back if outcome else request.path)
    refusal = None
    if registration.status != Status.PENDING:
        refusal = RegistrationError(
            "withdraw_decided",
            name=registration.person.full_name,
            status=registration.get_status_display(),
        ).message
    return render(
        request,
        "courses/coordinator_withdraw.html",
        {"registration": registration, "refusal": refusal, "back": back},
    )


@login_required
@require_POST
def coordinator_move(request, pk):
    """Move a nominee up or down (buttons, so it works from the keyboard and without JS)."""
    registration = _nomination_or_404(request, pk)
    direction = request.POST.get("direction", "")
    run_service(
        request,
        services.move_nomination,
        request.user,
        registration.pk,
        direction,
        success=lambda moved: (
            _("%(name)s moved.") % {"name": registration.person.full_name} if moved else None
        ),
    )
    back = reverse("courses:nominate", args=[registration.course.slug])
    # The same button keeps the focus after the page reloads (autofocus, see the template; a
    # #fragment would make the browser ignore autofocus, and the focus scrolls it into view).
    query = urlencode({"moved": f"{registration.pk}-{direction}"})
    return redirect(f"{back}?{query}")
