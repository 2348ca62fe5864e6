import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from common.ratelimit import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email):
        # One account per address, whatever the letter case.
        return super().clean_email(email).strip().lower()

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.full_name = data["full_name"]
        user.unit = data.get("unit")
        user.staff_category = data.get("staff_category") or ""
        user.consented_at = timezone.now()
        if commit:
            user.save()
        return user

    def get_client_ip(self, request):
        # allauth's per-address limits count the same visitor as ours (TRUSTED_PROXY_COUNT).
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def is_reauthentication_required(self, *, app, **kwargs):
        """A password typed at login a moment ago counts as typing it again.

        allauth asks for the password before two-factor set-up even right after the login (only
        a "reauthenticated" record counts): the staff member sent from the login straight to the
        set-up page would type it twice within seconds. A password login in this session within
        ACCOUNT_REAUTHENTICATION_TIMEOUT is as fresh as a reauthentication; after that, or for a
        session opened another way, allauth asks as before."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = self.request
        if request is None or not request.user.is_authenticated:
            return True
        now = time.time()
        return not any(
            record.get("method") == "password"
            and now - record.get("at", 0) < account_settings.REAUTHENTICATION_TIMEOUT
            for record in get_authentication_records(request, request.user)
        )
