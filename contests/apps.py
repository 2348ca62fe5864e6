from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "contests"
    verbose_name = _("Contests")

    def ready(self):
        # Importing connects the receivers of results_published: winners' emails and the
        # prize certificates.
        from . import certificates, notifications  # noqa: F401
