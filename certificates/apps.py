from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts.services import RETAINED_NAME_CHECKS, register_personal_data_section

        from . import receivers, services

        receivers.connect()
        register_personal_data_section("certificates", services.personal_data)
        if services.must_keep_name not in RETAINED_NAME_CHECKS:
            RETAINED_NAME_CHECKS.append(services.must_keep_name)
