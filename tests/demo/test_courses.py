import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from courses.models import Course, Registration

pytestmark = pytest.mark.django_db


class Command:
    stdout = io.StringIO()


def test_demo_is_idempotent_and_shows_my_courses(client):
    from demo.seeders import accounts as accounts_demo
    from demo.seeders import courses as demo

    call_command("setup_roles", stdout=io.StringIO())
    accounts_demo.seed(Command())
    demo.seed(Command())
    counts = (Course.objects.count(), Registration.objects.count())
    demo.seed(Command())
    assert (Course.objects.count(), Registration.objects.count()) == counts
    assert counts[0] >= 5
    kinds = set(Course.objects.values_list("kind", flat=True))
    assert Course.Kind.WORKSHOP in kinds
    statuses = set(Registration.objects.values_list("status", flat=True))
    assert {"completed", "confirmed", "waitlisted", "pending"} <= statuses
    from accounts.models import User

    client.force_login(User.objects.get(email="hocvien@demo.gov.vn"))
    page = client.get(reverse("courses:my_courses")).content.decode()
    assert page.count("<h3>") >= 4
