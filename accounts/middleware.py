from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .second_factor import can_reach_admin, has_totp, passed_second_factor


class StaffMFAMiddleware:
    """No admin page without the second factor, given in this session.

    Whoever can reach either admin (accounts.second_factor.can_reach_admin) first sets up TOTP,
    and a session that has not given a code (an old session, one opened before the account got
    admin rights) is sent to enter one. The check runs only on admin paths, so it adds no query
    to public pages.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = None

    def __call__(self, request):
        if self.prefixes is None:
            # From the URL configuration, so moving an admin moves its gate with it.
            self.prefixes = (reverse("wagtailadmin_home"), reverse("admin:index"))
        if request.path.startswith(self.prefixes):
            response = self.gate(request)
            if response is not None:
                return response
        return self.get_response(request)

    def gate(self, request):
        user = request.user
        if not can_reach_admin(user):
            return None  # anonymous visitors go to the login, others are refused by the admin
        if not has_totp(user):
            messages.warning(
                request,
                _(
                    "Staff accounts must turn on two-factor authentication before using "
                    "the admin. Set it up with an authenticator app below."
                ),
            )
            return redirect("mfa_activate_totp")
        if not passed_second_factor(request, user):
            messages.warning(
                request,
                _("Enter a code from your authenticator app to open the admin."),
            )
            next_url = request.get_full_path() if request.method == "GET" else request.path
            return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': next_url})}")
        return None
