from django.contrib.admin import AdminSite
from django.shortcuts import redirect

from . import views


class SuperuserAdminSite(AdminSite):
    """The Django admin: a superuser tool (everyone else works in Wagtail), entered through
    allauth's login like every other page, and the second factor (StaffMFAMiddleware)."""

    def has_permission(self, request):
        return self.has_permission_for_user(request.user)

    def login(self, request, extra_context=None):
        return views.old_login_page(
            request, default_next="admin:index", may_enter=self.has_permission_for_user
        )

    def has_permission_for_user(self, user):
        return user.is_active and user.is_superuser

    def password_change(self, request, extra_context=None):
        # One place to change a password: allauth's, which asks for the old one and notifies.
        return redirect("account_change_password")
