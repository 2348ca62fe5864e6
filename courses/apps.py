from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        # Importing connects the receivers: session changes and completion emails.
        from . import calendar_updates, notifications  # noqa: F401
