import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from demo.seeders import accounts as demo

pytestmark = pytest.mark.django_db


class Command:
    stdout = io.StringIO()


def test_demo_people_are_confirmed_but_two_await_the_coordinator(client, vi):
    from demo.seeders import courses as courses_demo

    call_command("setup_roles", stdout=io.StringIO())
    demo.seed(Command())
    courses_demo.seed(Command())
    pending = demo.pending_people()
    waiting = {person["email"] for person in pending}
    assert set(User.objects.awaiting_unit_confirmation().values_list("email", flat=True)) == waiting
    assert not User.objects.filter(unit__isnull=False, unit_confirmed_at__isnull=True).exclude(
        email__in=waiting
    )
    coordinator = User.objects.get(email="phutrach@demo.gov.vn")
    client.force_login(coordinator)
    body = client.get(reverse("accounts:unit_confirmations")).content.decode()
    assert all(person["full_name"] in body for person in pending)
    # A confirmation made during a demo survives seeding again.
    mai = User.objects.get(email="nguyenthimai@demo.gov.vn")
    client.post(reverse("accounts:unit_confirmations"), {"confirm": str(mai.pk)})
    demo.seed(Command())
    assert User.objects.get(pk=mai.pk).unit_is_confirmed
    assert User.objects.get(email="hocvien@demo.gov.vn").unit_is_confirmed


def test_every_demo_account_takes_the_demo_password_hashed_once(settings, monkeypatch):
    """All demo accounts share the published demo password, so it is hashed once per seeding
    (PBKDF2 at Django's iteration count takes about half a second a time on a small machine)."""
    from django.contrib.auth import hashers

    from demo import seeders

    seeders._hashed.cache_clear()
    calls = []
    original = hashers.make_password

    def counting(password, *args, **kwargs):
        calls.append(password)
        return original(password, *args, **kwargs)

    monkeypatch.setattr(seeders, "make_password", counting)
    call_command("setup_roles", stdout=io.StringIO())
    demo.seed(Command())
    people = User.objects.all()
    assert people.count() >= 5
    assert calls == [settings.DEMO_PASSWORD]
    assert all(person.check_password(settings.DEMO_PASSWORD) for person in people)
    assert not any(person.check_password("demo") for person in people)
