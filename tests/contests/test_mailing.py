"""Organizers email a round's entrants by what they did in the round (common/messaging.py)."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from common import messaging
from common.models import Mailing
from contests.models import Attempt
from tests.factories import UserFactory
from tests.helpers import admin_client

from .factories import EntrantGroupFactory, EntryFactory, RoundFactory

pytestmark = pytest.mark.django_db


def attempt(round_, entry, status):
    now = timezone.now()
    return Attempt.objects.create(
        round=round_,
        entry=entry,
        status=status,
        started_at=now,
        deadline=now + timedelta(minutes=10),
        submitted_at=None if status == Attempt.Status.OPEN else now,
    )


@pytest.fixture
def entrants():
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest, title="Tuần 2")
    done, busy, idle, voided = (EntryFactory(group=group) for _ in range(4))
    attempt(round_, done, Attempt.Status.SUBMITTED)
    attempt(round_, busy, Attempt.Status.OPEN)
    voided.voided_at = timezone.now()
    voided.save()
    return round_, {"done": done, "busy": busy, "idle": idle, "voided": voided}


@pytest.fixture
def organizer(client):
    user = UserFactory(is_staff=True, full_name="Trần Văn Ban Tổ Chức")
    for codename in ("access_admin", "change_round", "view_round"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    admin_client(client, user)
    return user


def test_filters_choose_by_what_entrants_did_in_the_round(entrants):
    round_, people = entrants
    audience = messaging.get_audience("contests.round")

    def chosen(value):
        return set(audience.recipients(round_, value))

    assert chosen("completed") == {people["done"].person_id}
    assert chosen("in_progress") == {people["busy"].person_id}
    assert chosen("not_attempted") == {people["idle"].person_id}
    assert chosen("all") == {people[k].person_id for k in ("done", "busy", "idle")}


def test_organizer_previews_confirms_and_the_round_is_emailed(
    client, organizer, entrants, vi, django_capture_on_commit_callbacks
):
    round_, people = entrants
    url = reverse("contests_admin_mailing_compose", args=[round_.pk])
    page = client.get(url).content.decode()
    assert "Gửi thư cho người dự thi" in page and "Chưa làm bài vòng này" in page
    post = {
        "filter": "not_attempted",
        "subject": "{vong_thi} sắp đóng",
        "body": "Chào {ho_ten}, {vong_thi} của {cuoc_thi} sắp đóng.",
    }
    preview = client.post(url, post).content.decode()
    assert f"Chào {people['idle'].person.full_name}, Tuần 2 của" in preview
    assert "Gửi thư này tới 1 người?" in preview
    key = re.search(r'name="key" value="([0-9a-f]{32})"', preview).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**post, "key": key, "confirm": "yes"})
    mailing = Mailing.objects.get()
    assert response.url == reverse("contests_admin_mailing_status", args=[round_.pk, mailing.pk])
    assert [m.to for m in mail.outbox] == [[people["idle"].person.email]]
    assert mail.outbox[0].subject == "Tuần 2 sắp đóng"
    assert "Bạn nhận thư này vì bạn đã tham gia" in mail.outbox[0].body
    status = client.get(response.url).content.decode()
    assert "1/1" in status
    history = client.get(reverse("contests_admin_mailing_history", args=[round_.pk]))
    assert "{vong_thi} sắp đóng" in history.content.decode()


def test_staff_without_the_round_permission_is_refused(client, entrants):
    round_, _people = entrants
    user = UserFactory(is_staff=True)
    for codename in ("access_admin", "manage_registrations"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    admin_client(client, user)
    url = reverse("contests_admin_mailing_compose", args=[round_.pk])
    assert client.get(url).status_code in (302, 403)
    response = client.post(
        url,
        {"filter": "all", "subject": "S", "body": "B", "key": "a" * 32, "confirm": "yes"},
    )
    assert response.status_code in (302, 403)
    assert not Mailing.objects.exists() and not mail.outbox


def test_a_round_mailing_is_not_found_under_another_round(client, organizer, entrants):
    round_, _people = entrants
    other = RoundFactory(contest=round_.contest)
    mailing, _ = messaging.create_mailing(
        messaging.get_audience("contests.round"),
        round_,
        "all",
        "Thư",
        "Nội dung",
        by=organizer,
        key="b" * 32,
    )
    url = reverse("contests_admin_mailing_status", args=[other.pk, mailing.pk])
    assert client.get(url).status_code == 404


def test_compose_queries_do_not_grow_with_entrants(
    client, organizer, entrants, django_assert_max_num_queries
):
    round_, people = entrants
    url = reverse("contests_admin_mailing_compose", args=[round_.pk])
    post = {"filter": "all", "subject": "Thư", "body": "Chào {ho_ten}"}
    client.get(url)
    with django_assert_max_num_queries(45) as small:
        client.get(url)
        client.post(url, post)
    group = people["done"].group
    for _ in range(30):
        attempt(round_, EntryFactory(group=group), Attempt.Status.SUBMITTED)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
        client.post(url, post)
