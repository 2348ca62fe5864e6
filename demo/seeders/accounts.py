"""Demo province "An Lạc" after the July 2025 reorganisation, its former districts, and the
demo accounts listed in the README (data in demo/data/accounts/)."""

from datetime import date

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import roles
from accounts.models import Unit, UnitGroup, User
from demo.files import read_csv, yes

from . import demo_password, report

ROLES = {
    "editors": roles.EDITORS,
    "organizers": roles.ORGANIZERS,
    "coordinators": roles.COORDINATORS,
}


def _date(value):
    return date.fromisoformat(value) if value else None


def demo_accounts():
    return read_csv("accounts/accounts.csv")


def pending_people():
    """Staff who chose the coordinator's ward themselves at sign-up: their unit awaits the demo
    coordinator's confirmation (phutrach@ → Nominations of my unit → Staff awaiting
    confirmation)."""
    return read_csv("accounts/pending_people.csv")


def seed_units():
    groups = {}
    for row in read_csv("accounts/unit_groups.csv"):
        groups[row["code"]], _ = UnitGroup.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "sort_order": int(row["sort_order"])}
        )
    units = {}
    rows = read_csv("accounts/units.csv")
    for order, row in enumerate(rows):
        units[row["code"]], _ = Unit.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "kind": row["kind"],
                "group": groups.get(row["group"]),
                "parent": units.get(row["parent"]),
                "headcount": int(row["headcount"]),
                "valid_from": _date(row["valid_from"]),
                "sort_order": order,
            },
        )
    # District-level units abolished on 1 July 2025, and the communes that took over their area.
    for order, row in enumerate(read_csv("accounts/former_districts.csv"), start=len(rows)):
        district, _ = Unit.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "kind": Unit.Kind.DISTRICT,
                "parent": units["AL"],
                "valid_to": _date(row["valid_to"]),
                "sort_order": order,
            },
        )
        for successor in row["successors"].split():
            units[successor].predecessors.add(district)
    return units


def seed_accounts(units, accounts, pending):
    for row in accounts:
        email = row["email"]
        role = ROLES.get(row["role"])
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email)
            user.password = demo_password()
        user.full_name = row["full_name"]
        user.unit = units[row["unit"]]
        user.position = row["position"]
        user.is_staff = yes(row["is_staff"])
        user.is_superuser = yes(row["is_superuser"])
        user.staff_category = User.StaffCategory.CONG_CHUC
        user.consented_at = user.consented_at or timezone.now()
        # The demo starts as after the organizers imported the units' staff lists.
        user.unit_confirmed_at = user.unit_confirmed_at or timezone.now()
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        if role == roles.COORDINATORS:
            user.coordinated_units.add(units[row["unit"]])
    for row in pending:
        email = row["email"]
        # Created once and then left alone, so a confirmation made during a demo survives
        # seeding again.
        if User.objects.filter(email=email).exists():
            continue
        user = User(
            email=email,
            full_name=row["full_name"],
            unit=units[row["unit"]],
            position=row["position"],
            staff_category=User.StaffCategory.CONG_CHUC,
            consented_at=timezone.now(),
        )
        user.password = demo_password()
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)


def seed(command=None):
    units = seed_units()
    accounts, pending = demo_accounts(), pending_people()
    seed_accounts(units, accounts, pending)
    report(
        command,
        f"  {Unit.objects.count()} units, {len(accounts)} demo accounts, "
        f"{len(pending)} people awaiting unit confirmation",
    )
