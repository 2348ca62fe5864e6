from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class QaConfig(AppConfig):
    name = "qa"
    verbose_name = pgettext_lazy("qa section", "Questions and answers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
