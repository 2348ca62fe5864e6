from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        # Importing connects the receivers: session changes, completion emails, and the
        # certificate owed for a confirmed completion.
        from . import calendar_updates, certificates, notifications  # noqa: F401
