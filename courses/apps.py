from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        # Importing connects the receivers: session changes, completion emails, and the
        # certificate owed for a confirmed completion.
        # Courses are listed in the portal's sitemap.
        from common.signals import announce_changes_of

        from . import calendar_updates, certificates, notifications  # noqa: F401
        from .models import Course

        announce_changes_of(Course)
