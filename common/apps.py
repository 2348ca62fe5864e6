from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = _("Common")

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the system checks)
            wagtail_exports,
        )

        wagtail_exports.install()
