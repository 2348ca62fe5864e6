from allauth.account.adapter import DefaultAccountAdapter
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
