import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

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

    def post_login(self, request, user, **kwargs):
        """After the first login (the one email confirmation opens, or the first by password), a
        person whose profile lacks what courses and contests will ask is sent once to "Hoàn
        thiện hồ sơ", which goes on to where the login was going (`next` included). Staff log in
        for the admin and are not asked."""
        response = super().post_login(request, user, **kwargs)
        if (
            isinstance(response, HttpResponseRedirect)
            and not user.is_staff
            and user.profile_prompted_at is None
            and user.profile_gaps()
        ):
            user.profile_prompted_at = timezone.now()
            type(user).objects.filter(pk=user.pk).update(
                profile_prompted_at=user.profile_prompted_at
            )
            query = urlencode({"next": response["Location"]})
            return HttpResponseRedirect(f"{reverse('accounts:complete_profile')}?{query}")
        return response

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
