from django.contrib import messages
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_urls, services
from .models import Course, Registration


class CourseForm(WagtailAdminModelForm):
    """Capacity and cancellation change people's seats, so they go through the services."""

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk and capacity is not None:
            taken = services.seats_taken(self.instance)
            if capacity < taken:
                raise services.RegistrationError(
                    "capacity_below_confirmed", count=taken
                ).as_validation_error()
        return capacity

    def clean_status(self):
        status = self.cleaned_data["status"]
        previous = (
            Course.objects.filter(pk=self.instance.pk).values_list("status", flat=True).first()
        )
        if status == Course.Status.CANCELLED and previous != Course.Status.CANCELLED:
            from django.core.exceptions import ValidationError

            raise ValidationError(
                _("Cancel a course from its dashboard, so that everyone registered is told.")
            )
        return status


class SeatsColumn(Column):
    def get_value(self, instance):
        return f"{instance.seats} / {instance.capacity}"


class CourseViewSet(SnippetViewSet):
    model = Course
    icon = "calendar"
    menu_label = _("Courses")
    menu_name = "courses"
    menu_order = 250
    add_to_admin_menu = True
    add_to_reference_index = False
    search_fields = ["title"]
    list_filter = ["kind", "status", "requires_approval"]
    ordering = ["-registration_opens_at"]
    list_per_page = 30
    list_display = [
        "title",
        "kind",
        "status",
        SeatsColumn("seats", label=_("Seats taken")),
        TitleColumn(
            "manage",
            label=_("Manage"),
            accessor=lambda course: _("Dashboard, registrations, attendance"),
            get_url=lambda course: reverse("courses_admin:dashboard", args=[course.pk]),
        ),
    ]

    def get_queryset(self, request):
        from django.db.models import Count, Q

        return Course.objects.annotate(
            seats=Count("registrations", filter=Q(registrations__status__in=Registration.SEATED))
        )

    edit_handler_panels = [
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldPanel("slug"),
                FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
                FieldPanel("summary"),
                FieldPanel("description"),
                FieldPanel("organizing_unit"),
                FieldPanel("contact"),
                FieldRowPanel([FieldPanel("venue"), FieldPanel("online_link")]),
            ],
            heading=_("Course"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("audience_units"),
                FieldPanel("audience_groups"),
                FieldRowPanel(
                    [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("capacity"),
                        FieldPanel("requires_approval"),
                        FieldPanel("waiting_list_enabled"),
                    ]
                ),
            ],
            heading=_("Registration"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("min_attendance_percent"), FieldPanel("pass_mark")]),
                FieldPanel("certificate_template"),
            ],
            heading=_("Completion rule"),
        ),
        InlinePanel(
            "sessions",
            heading=pgettext_lazy("class meetings of a course", "Sessions"),
            label=_("Session"),
            min_num=0,
        ),
        InlinePanel("questions", heading=_("Extra registration questions"), label=_("Question")),
    ]


CourseViewSet.edit_handler = ObjectList(
    CourseViewSet.edit_handler_panels, base_form_class=CourseForm
)
register_snippet(CourseViewSet)


@hooks.register("after_edit_snippet")
def promote_after_capacity_edit(request, instance):
    """A capacity raised in the edit form promotes people from the waiting list at once."""
    if not isinstance(instance, Course):
        return
    # The form checked the capacity without the lock; seats taken since then win. Under the
    # lock the capacity becomes at least the seats taken, and the organizer is told.
    try:
        services.set_capacity(instance, instance.capacity, by=request.user, at_least_taken=True)
    except services.RegistrationError as error:
        messages.error(request, error.message)
        return
    capacity = Course.objects.values_list("capacity", flat=True).get(pk=instance.pk)
    if capacity != instance.capacity:
        error = services.RegistrationError("capacity_below_confirmed", count=capacity)
        messages.error(
            request,
            _("%(error)s The capacity is now %(capacity)s.")
            % {"error": error.message, "capacity": capacity},
        )


@hooks.register("register_admin_urls")
def register_course_admin_urls():
    return [path("khoa-hoc/", include(admin_urls, namespace="courses_admin"))]


@hooks.register("register_log_actions")
def register_course_actions(actions):
    actions.register_action(
        "courses.approve", _("Approve registration"), _("Registration approved")
    )
    actions.register_action("courses.reject", _("Reject registration"), _("Registration rejected"))
    actions.register_action(
        "courses.cancel", _("Cancel registration"), _("Registration cancelled by an organizer")
    )
    actions.register_action("courses.move", _("Move registration"), _("Registration moved by hand"))
    actions.register_action(
        "courses.nominate", _("Nominate staff"), _("Staff nominated by a unit coordinator")
    )
    actions.register_action("courses.capacity", _("Change capacity"), _("Course capacity changed"))
    actions.register_action("courses.cancel_course", _("Cancel course"), _("Course cancelled"))
    actions.register_action("courses.attendance", _("Record attendance"), _("Attendance recorded"))
    actions.register_action(
        "courses.completion", _("Confirm completion"), _("Completion confirmed")
    )


@hooks.register("register_personal_data")
def register_courses_personal_data():
    from . import personal_data

    return personal_data.SECTION


@hooks.register("register_admin_today")
def register_admin_today():
    from . import dashboard

    return dashboard.rows
