"""A prediction the system cannot count: its true value is entered by the organizers (audited:
who, when, the value before), required before results are computed, frozen once published."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from contests import services
from contests.models import Round
from contests.services import ContestError
from tests.contests.factories import EntryFactory
from tests.contests.test_results import closed_round, graded
from tests.factories import UserFactory
from tests.helpers import admin_client

pytestmark = pytest.mark.django_db

ENTERED = Round.Predicts.ENTERED


def entered_round():
    round_, group = closed_round(predicts=ENTERED, prediction_question="Bao nhiêu hồ sơ?")
    near = EntryFactory(group=group)
    far = EntryFactory(group=group)
    # The same score and time: only the prediction's distance to the truth separates them.
    graded(round_, far, 80, prediction=100)
    graded(round_, near, 80, prediction=1240)
    return round_, near, far


def test_results_cannot_be_computed_before_the_true_value_is_entered():
    round_, _near, _far = entered_round()
    with pytest.raises(ContestError) as error:
        services.compute_results(round_)
    assert error.value.code == "truth_required"
    assert "Hãy nhập đáp án câu dự đoán trước khi tính kết quả" in error.value.message
    round_.refresh_from_db()
    assert round_.results_computed_at is None


def test_the_entered_value_ranks_the_predictions():
    round_, near, far = entered_round()
    organizer = UserFactory()
    services.set_prediction_truth(round_, "1.250", organizer)
    round_ = services.compute_results(round_)
    assert round_.prediction_truth == 1250
    ranks = dict(round_.attempts.values_list("entry_id", "rank"))
    assert ranks[near.pk] == 1 and ranks[far.pk] == 2


def test_each_value_is_audited_with_who_and_the_previous_value():
    round_, _near, _far = entered_round()
    first, second = UserFactory(), UserFactory()
    services.set_prediction_truth(round_, "1200", first)
    services.set_prediction_truth(round_, 1250, second)
    services.set_prediction_truth(round_, 1250, second)  # unchanged: nothing logged
    entries = list(
        ModelLogEntry.objects.filter(action="contests.set_truth", object_id=str(round_.pk))
        .order_by("timestamp", "pk")
        .values_list("user_id", "data")
    )
    assert [(user, data["previous"], data["value"]) for user, data in entries] == [
        (first.pk, None, 1200),
        (second.pk, 1200, 1250),
    ]


def test_a_new_value_after_computing_asks_for_computing_again():
    round_, _near, _far = entered_round()
    services.set_prediction_truth(round_, 10, UserFactory())
    services.compute_results(round_)
    services.set_prediction_truth(round_, 1250, UserFactory())
    with pytest.raises(ContestError) as error:
        services.publish_results(round_)
    assert error.value.code == "not_computed"
    services.compute_results(round_)
    services.publish_results(round_)


def test_the_value_is_frozen_once_published_and_only_for_entered_predictions():
    round_, _near, _far = entered_round()
    services.set_prediction_truth(round_, 1250, UserFactory())
    services.compute_results(round_)
    services.publish_results(round_)
    with pytest.raises(ContestError) as error:
        services.set_prediction_truth(round_, 1300, UserFactory())
    assert error.value.code == "truth_after_publication"
    counted, _group = closed_round(predicts=Round.Predicts.FULL_SCORE)
    with pytest.raises(ContestError) as error:
        services.set_prediction_truth(counted, 5, UserFactory())
    assert error.value.code == "truth_not_entered"
    for bad in ("12,5", "-3", "nhiều", ""):
        with pytest.raises(ContestError) as error:
            services.set_prediction_truth(round_, bad, UserFactory())
        assert error.value.code in ("truth_invalid", "truth_after_publication")


def test_the_results_screen_enters_the_value_and_shows_its_history(client):
    round_, _near, _far = entered_round()
    organizer = UserFactory(is_staff=True, is_superuser=True, full_name="Ngô Thị Ban Tổ Chức")
    admin_client(client, organizer)
    url = reverse("contests_admin_results", args=[round_.pk])
    page = client.get(url).content.decode()
    assert "Chưa có đáp án câu dự đoán: chưa thể tính kết quả." in page
    client.post(url, {"action": "compute"})
    round_.refresh_from_db()
    assert round_.results_computed_at is None  # refused, with the message
    response = client.post(url, {"action": "truth", "value": "abc"})
    assert "Đáp án câu dự đoán phải là số nguyên" in response.content.decode() or (
        response.status_code == 302
    )
    round_.refresh_from_db()
    assert round_.entered_truth is None
    response = client.post(url, {"action": "truth", "value": "12.500"})
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.entered_truth == 12500
    page = client.get(url).content.decode()
    assert 'id="truth-history"' in page
    assert "Ngô Thị Ban Tổ Chức" in page and "12.500" in page
