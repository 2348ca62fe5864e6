"""What other apps may use from courses (see the cross-app contracts)."""

from django.db.models import Count, Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User

from . import services
from .models import Course, Registration, Session


def is_participant(person, course) -> bool:
    """Whether `person` holds a seat in `course` (confirmed, or already completed)."""
    if person is None or not getattr(person, "is_authenticated", False):
        return False
    return Registration.objects.filter(
        person=person,
        course=course,
        status__in=(Registration.Status.CONFIRMED, Registration.Status.COMPLETED),
    ).exists()


def _upcoming(now, limit):
    today = timezone.localdate(now)
    return list(
        Course.objects.filter(status=Course.Status.PUBLISHED, sessions__date__gte=today)
        .distinct()
        .select_related("organizing_unit")
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("date")))
        .order_by("registration_closes_at", "pk")[:limit]
    )


def home_section(request, limit=3) -> str:
    """An HTML <section> of upcoming courses for the home page, or "" when there are none.

    Two queries whatever the number of courses: the courses, and their sessions.
    """
    now = timezone.now()
    courses = _upcoming(now, limit)
    if not courses:
        return ""
    courses.sort(key=lambda course: course.first_day)
    return render_to_string(
        "courses/includes/home_section.html",
        {"courses": courses, "now": now},
        request=request,
    )


def search_documents(ids=None):
    """The courses the public may find (the portal's site search; see `SEARCH_SOURCE`)."""
    qs = Course.objects.visible()
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    for course in qs.only(
        "title", "slug", "summary", "description", "registration_opens_at", "created_at"
    ).order_by("created_at", "pk"):
        yield {
            "id": course.pk,
            "title": course.title,
            "summary": course.summary,
            "body": course.description,
            "url": course.get_absolute_url(),
            "date": course.registration_opens_at or course.created_at,
        }


#: What the portal's site search indexes from courses (hook `register_search_documents`).
SEARCH_SOURCE = {
    "kind": "course",
    "label": pgettext_lazy("search facet", "Courses"),
    "order": 30,
    "documents": search_documents,
    "watch": {Course: lambda course: [course.pk]},
}


def record_test_result(*, person, course, score):
    """Store a final-test score on the 0–10 scale for `person` in `course`, keeping the best.

    Raises `courses.errors.RegistrationError` (a `common.errors.ServiceError`) when refused:
    a score outside 0–10, or a person without a seat in the course.
    """
    return services.record_test_result(person=person, course=course, score=score)


def completions_by_unit(unit_ids, year) -> dict:
    """{unit id: number of the units' confirmed members who completed at least one course in
    `year`} (the PAR index's training criterion). One query."""
    rows = (
        Registration.objects.filter(
            status=Registration.Status.COMPLETED,
            completed_at__year=year,
            person__in=User.objects.confirmed_members(unit_ids),
        )
        .values("person__unit")
        .annotate(people=Count("person", distinct=True))
    )
    return {row["person__unit"]: row["people"] for row in rows}


def completions_of_unit(unit_id, year) -> list[dict]:
    """The completions behind `completions_by_unit` for one unit: one row per course a confirmed
    member of the unit completed in `year` — {"name", "course", "date"}, by name then date.
    The PAR index shows them as the evidence of its training criterion. One query."""
    rows = (
        Registration.objects.filter(
            status=Registration.Status.COMPLETED,
            completed_at__year=year,
            person__in=User.objects.confirmed_members(unit_id),
        )
        .order_by("person__full_name", "completed_at", "pk")
        .values_list("person__full_name", "course__title", "completed_at")
    )
    return [{"name": name, "course": course, "date": date} for name, course, date in rows]


def sitemap_entries() -> list[dict]:
    """The catalogue and every course the public may see, for the portal's XML sitemap (hook
    `register_sitemap_entries`): one query."""
    courses = Course.objects.visible().only("slug", "updated_at").order_by("pk")
    return [{"location": reverse("courses:catalogue"), "lastmod": None}] + [
        {"location": course.get_absolute_url(), "lastmod": course.updated_at} for course in courses
    ]


def site_map_section() -> dict:
    """The courses' entry pages for the portal's HTML site map (hook `register_site_map_section`)."""
    return {
        "title": _("Courses"),
        "url": reverse("courses:catalogue"),
        "order": 20,
        "children": [
            {"title": _("My courses"), "url": reverse("courses:my_courses")},
            {"title": _("Check in to a session"), "url": reverse("courses:check_in_start")},
        ],
    }
