"""Irreversible contest actions ask first (issue 9, part 6): publishing a round's results,
computing them again once public, voiding an entry. A POST without `confirm=yes` changes
nothing and answers with the confirmation page naming what and whom; with it, the action."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contests import services
from contests.models import Entry, Round
from tests.contests.factories import EntryFactory, quota
from tests.contests.test_results import closed_round, graded
from tests.factories import UserFactory
from tests.helpers import admin_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer(client):
    user = UserFactory(is_staff=True, is_superuser=True, full_name="Lê Văn Tổ Chức")
    admin_client(client, user)
    return user


def computed_round():
    round_, group = closed_round(title="Vòng sơ khảo")
    quota(round_, group, first=1, second=1, third=0, consolation=0)
    entries = [
        EntryFactory(group=group, full_name=name)
        for name in ("Nguyễn Thị Thu", "Trần Văn Bình", "Phạm Văn Ba")
    ]
    for entry, score in zip(entries, (90, 80, 70), strict=True):
        graded(round_, entry, score)
    services.compute_results(round_)
    return round_, group, entries


def test_publishing_without_confirmation_shows_what_becomes_public_and_changes_nothing(
    client, organizer
):
    round_, group, _entries = computed_round()
    url = reverse("contests_admin_results", args=[round_.pk])
    response = client.post(url, {"action": "publish"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Bạn có chắc chắn muốn công bố kết quả Vòng sơ khảo" in text
    assert group.contest.title in text
    assert "Bảng xếp hạng của 3 người dự thi được công khai" in text
    assert "2 giải được công bố; mỗi người đạt giải nhận được thư điện tử" in text
    assert "Đồng ý, công bố kết quả" in text and "Không, quay lại" in text
    assert 'name="confirm" value="yes"' in text
    assert f'href="{url}"' in text
    round_.refresh_from_db()
    assert round_.results_published_at is None
    assert not mail.outbox


def test_publishing_with_confirmation_publishes_and_the_screen_says_so(
    client, organizer, django_capture_on_commit_callbacks
):
    round_, _group, _entries = computed_round()
    url = reverse("contests_admin_results", args=[round_.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "publish", "confirm": "yes"}, follow=True)
    round_.refresh_from_db()
    assert round_.results_published_at is not None
    text = response.content.decode()
    assert "Đã công bố kết quả." in text
    assert 'id="results-published"' in text
    assert "Kết quả này đã được công bố" in text
    assert "Lê Văn Tổ Chức" in text
    assert timezone.localtime(round_.results_published_at).strftime("%d/%m/%Y") in text


def test_computing_again_after_publication_asks_first(client, organizer):
    round_, _group, entries = computed_round()
    services.publish_results(round_)
    computed_at = Round.objects.get(pk=round_.pk).results_computed_at
    url = reverse("contests_admin_results", args=[round_.pk])
    response = client.post(url, {"action": "compute"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "tính lại kết quả đã công bố của Vòng sơ khảo" in text
    assert "Đồng ý, tính lại" in text
    assert Round.objects.get(pk=round_.pk).results_computed_at == computed_at
    client.post(url, {"action": "compute", "confirm": "yes"})
    assert Round.objects.get(pk=round_.pk).results_computed_at != computed_at


def test_computing_before_publication_does_not_ask(client, organizer):
    round_, _group, _entries = computed_round()
    computed_at = round_.results_computed_at
    response = client.post(
        reverse("contests_admin_results", args=[round_.pk]), {"action": "compute"}
    )
    assert response.status_code == 302
    assert Round.objects.get(pk=round_.pk).results_computed_at != computed_at


def test_voiding_without_confirmation_names_the_person_and_changes_nothing(client, organizer):
    round_, group, entries = computed_round()
    services.publish_results(round_)
    entry = entries[0]
    url = reverse("contests_admin_void", args=[entry.pk])
    response = client.post(url, {"reason": "Khai sai đơn vị"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "hủy bài dự thi của Nguyễn Thị Thu trong " + group.contest.title in text
    assert "không còn được tính" in text
    assert "xếp hạng lại" in text
    assert "1 vòng thi đã công bố kết quả" in text
    assert 'name="reason" value="Khai sai đơn vị"' in text
    assert "Đồng ý, hủy bài dự thi" in text and "Không, quay lại" in text
    assert Entry.objects.get(pk=entry.pk).voided_at is None

    client.post(url, {"reason": "Khai sai đơn vị", "confirm": "yes"})
    entry.refresh_from_db()
    assert entry.voided_at is not None and entry.void_reason == "Khai sai đơn vị"


def test_voiding_without_a_reason_shows_the_form_not_the_confirmation(client, organizer):
    entry = EntryFactory()
    response = client.post(reverse("contests_admin_void", args=[entry.pk]), {"reason": " "})
    assert response.status_code == 200
    assert "Đồng ý, hủy bài dự thi" not in response.content.decode()
    assert Entry.objects.get(pk=entry.pk).voided_at is None
