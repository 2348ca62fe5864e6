from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParIndexConfig(AppConfig):
    name = "parindex"
    verbose_name = _("PAR index")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Published rankings are listed in the portal's sitemap and site map.
        from common.signals import announce_changes_of

        from .models import IndexSet

        announce_changes_of(IndexSet)
