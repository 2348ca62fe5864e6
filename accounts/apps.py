from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = _("Accounts and units")

    def ready(self):
        from . import signals

        signals.connect()


class WagtailUsersConfig(WagtailUsersAppConfig):
    user_viewset = "accounts.viewsets.UserViewSet"


class AdminConfig(admin_apps.AdminConfig):
    default = False  # AccountsConfig stays this module's default
    default_site = "accounts.admin_site.SuperuserAdminSite"
