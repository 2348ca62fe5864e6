"""The courses snippet in the Wagtail admin: list, edit form (sessions and questions inline),
and the link to each course's organizer screens (admin_views.py)."""

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TitleFieldPanel,
)
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from . import services
from .admin_views import keep_capacity_after_edit
from .errors import RegistrationError
from .models import Course, Registration


class CourseForm(WagtailAdminModelForm):
    """Capacity and cancellation change people's seats, so they go through the services."""

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk and capacity is not None:
            taken = services.seats_taken(self.instance)
            if capacity < taken:
                raise RegistrationError(
                    "capacity_below_confirmed", count=taken
                ).as_validation_error()
        return capacity

    def clean_status(self):
        status = self.cleaned_data["status"]
        previous = (
            Course.objects.filter(pk=self.instance.pk).values_list("status", flat=True).first()
        )
        if status == Course.Status.CANCELLED and previous != Course.Status.CANCELLED:
            raise ValidationError(
                _("Cancel a course from its dashboard, so that everyone registered is told.")
            )
        return status


class CourseEditView(EditView):
    def run_after_hook(self):
        keep_capacity_after_edit(self.request, self.object)
        return super().run_after_hook()


class SeatsColumn(Column):
    def get_value(self, instance):
        return f"{instance.seats} / {instance.capacity}"


class CourseViewSet(SnippetViewSet):
    model = Course
    icon = "calendar"
    edit_view_class = CourseEditView
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
        return Course.objects.annotate(
            seats=Count("registrations", filter=Q(registrations__status__in=Registration.HOLDING))
        )

    edit_handler_panels = [
        MultiFieldPanel(
            [
                TitleFieldPanel("title"),
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
                FieldPanel("unit_quota"),
                FieldPanel("freed_seat"),
                FieldPanel("offer_hours"),
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
