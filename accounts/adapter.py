from allauth.account.adapter import DefaultAccountAdapter
from django.utils import timezone


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
