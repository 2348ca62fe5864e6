"""State changes of people and units."""

import json

from django.db import transaction
from django.utils import timezone

from .models import User

#: Apps add a callable(user) -> dict here to include their records in "download my data".
PERSONAL_DATA_SECTIONS = {}


def register_personal_data_section(name, exporter):
    PERSONAL_DATA_SECTIONS[name] = exporter


def export_personal_data(user: User) -> str:
    data = {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "date_of_birth": user.date_of_birth.isoformat() if user.date_of_birth else None,
            "phone": user.phone,
            "cccd": user.cccd,
            "unit": user.unit.name if user.unit_id else None,
            "position": user.position,
            "staff_category": user.get_staff_category_display(),
            "date_joined": user.date_joined.isoformat(),
            "consented_at": user.consented_at.isoformat() if user.consented_at else None,
        },
        "email_addresses": list(user.emailaddress_set.values("email", "verified", "primary")),
    }
    for name, exporter in PERSONAL_DATA_SECTIONS.items():
        data[name] = exporter(user)
    data["exported_at"] = timezone.now().isoformat()
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


@transaction.atomic
def anonymise(user: User, now=None) -> None:
    """Delete a person's account data but keep the rows that certificates and contest results
    legally need (their foreign keys keep pointing at this user, now without personal data).

    The full name stays only when an issued certificate or a published result names the person;
    apps say so through `RETAINED_NAME_CHECKS`.
    """
    now = now or timezone.now()
    user = User.objects.select_for_update().get(pk=user.pk)
    keep_name = any(check(user) for check in RETAINED_NAME_CHECKS)
    user.email = f"deleted-{user.pk}@invalid.local"
    if not keep_name:
        user.full_name = "Tài khoản đã xóa"
    user.date_of_birth = None
    user.phone = ""
    user.cccd = ""
    user.position = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.anonymised_at = now
    user.set_unusable_password()
    user.save()
    user.emailaddress_set.all().delete()
    user.groups.clear()
    user.coordinated_units.clear()
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=user).delete()


#: Apps add a callable(user) -> bool: True when a legal record must keep showing the name.
RETAINED_NAME_CHECKS = []
