from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParIndexConfig(AppConfig):
    name = "parindex"
    verbose_name = _("PAR index")
    default_auto_field = "django.db.models.BigAutoField"
