from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _


class StaffMFAMiddleware:
    """Staff must have two-factor authentication before they reach the admin.

    The check runs only on admin paths, so it adds no query to public pages.
    """

    PROTECTED_PREFIXES = ("/admin/", "/django-admin/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(self.PROTECTED_PREFIXES):
            user = request.user
            if user.is_authenticated and user.is_staff and not is_mfa_enabled(user):
                messages.warning(
                    request,
                    _(
                        "Staff accounts must turn on two-factor authentication before using "
                        "the admin. Set it up with an authenticator app below."
                    ),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
