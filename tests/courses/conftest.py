"""Fixtures shared by the courses tests."""

import pytest
from django.contrib.auth.models import Permission

from tests.factories import UserFactory
from tests.helpers import admin_client


@pytest.fixture
def organizer(client):
    user = UserFactory(is_staff=True, full_name="Lê Thị Tổ Chức")
    for codename in (
        "access_admin",
        "manage_registrations",
        "change_course",
        "view_course",
        "add_course",
    ):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    admin_client(client, user)
    return user
