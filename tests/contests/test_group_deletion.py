"""Deleting an entrant group that has entries, in the contest editor, is a form error naming
the group and its entries (the database protects the group: it used to be a 500)."""

import pytest
from django.test import Client
from django.urls import reverse

from contests.models import EntrantGroup
from tests.contests.factories import ContestFactory, EntrantGroupFactory, EntryFactory
from tests.factories import UserFactory
from tests.helpers import admin_client
from tests.security.payloads import form_data

pytestmark = pytest.mark.django_db


def edit_payload(client, contest):
    url = reverse("wagtailsnippets_contests_contest:edit", args=[contest.pk])
    response = client.get(url)
    assert response.status_code == 200
    return url, form_data(response.context["form"])


def delete_group(data, group):
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.endswith("-id") and value == str(group.pk)
    )
    data[f"groups-{index}-DELETE"] = "on"
    return data


@pytest.fixture
def organizer_client(db):
    return admin_client(
        Client(raise_request_exception=False), UserFactory(is_staff=True, is_superuser=True)
    )


def test_deleting_a_group_with_entries_is_a_form_error(organizer_client):
    contest = ContestFactory()
    kept = EntrantGroupFactory(contest=contest, name="Cán bộ, công chức")
    taken = EntrantGroupFactory(contest=contest, name="Học sinh THPT")
    EntryFactory(group=taken)
    EntryFactory(group=taken)
    url, data = edit_payload(organizer_client, contest)
    response = organizer_client.post(url, delete_group(data, taken))
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        "Không thể xóa đối tượng dự thi “Học sinh THPT”: đối tượng này đã có bài dự thi (2)."
        in body
    )
    assert set(EntrantGroup.objects.filter(contest=contest)) == {kept, taken}


def test_deleting_a_group_without_entries_still_works(organizer_client):
    contest = ContestFactory()
    EntrantGroupFactory(contest=contest, name="Cán bộ, công chức")
    empty = EntrantGroupFactory(contest=contest, name="Học sinh THPT")
    url, data = edit_payload(organizer_client, contest)
    response = organizer_client.post(url, delete_group(data, empty))
    assert response.status_code == 302
    assert not EntrantGroup.objects.filter(pk=empty.pk).exists()


def test_deleting_a_contest_whose_groups_have_entries_is_a_message(organizer_client):
    from contests.models import Contest

    contest = ContestFactory(title="Cuộc thi có bài dự thi")
    EntryFactory(group=EntrantGroupFactory(contest=contest))
    url = reverse("wagtailsnippets_contests_contest:delete", args=[contest.pk])
    response = organizer_client.post(url, follow=True)
    assert response.status_code == 200
    assert (
        "Không thể xóa “Cuộc thi có bài dự thi”: có 1 bản ghi đang phụ thuộc vào mục này."
        in response.content.decode()
    )
    assert Contest.objects.filter(pk=contest.pk).exists()
