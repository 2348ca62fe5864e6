from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "contests"
    verbose_name = _("Contests")

    def ready(self):
        # Importing connects the receivers of results_published: winners' emails and the
        # prize certificates.
        # Contests and published results are listed in the portal's sitemap and site map.
        from common.signals import announce_changes_of

        from . import certificates, notifications, page_cache  # noqa: F401
        from .models import Contest, Round

        announce_changes_of(Contest, Round)
        # The public pages in the portal's page cache: purged by what they show.
        page_cache.connect()
