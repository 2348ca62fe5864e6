"""The contest and round editors cannot be filled wrongly: a prize quota offers only the
entrant groups of its round's contest, the organizing committee is editable, and the admin
ranking shows durations to the millisecond the ranking uses."""

import pytest
from django.test import Client
from django.urls import reverse

from contests.models import PrizeQuota
from tests.contests.factories import ContestFactory, EntrantGroupFactory, RoundFactory, quota
from tests.factories import UserFactory
from tests.helpers import admin_client
from tests.security.payloads import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer_client(db):
    return admin_client(
        Client(raise_request_exception=False), UserFactory(is_staff=True, is_superuser=True)
    )


def quota_choices(form):
    formset = form.formsets["quotas"]
    return {str(label) for value, label in formset.empty_form.fields["group"].choices if value}


def test_quota_offers_only_the_groups_of_the_rounds_contest(organizer_client):
    round_ = RoundFactory()
    own = EntrantGroupFactory(contest=round_.contest, name="Cán bộ, công chức")
    EntrantGroupFactory(name="Cán bộ, công chức")  # the same name in another contest
    quota(round_, own)
    url = reverse("wagtailsnippets_contests_round:edit", args=[round_.pk])
    response = organizer_client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    assert quota_choices(form) == {"Cán bộ, công chức"}
    existing = form.formsets["quotas"].forms[0].fields["group"]
    assert list(existing.queryset) == [own]


def test_a_group_of_another_contest_is_refused_with_its_name(organizer_client):
    round_ = RoundFactory()
    own = EntrantGroupFactory(contest=round_.contest, name="Cán bộ, công chức")
    other = EntrantGroupFactory(
        contest=ContestFactory(title="Hội thi năm trước"), name="Cán bộ, công chức"
    )
    quota(round_, own)
    url = reverse("wagtailsnippets_contests_round:edit", args=[round_.pk])
    data = form_data(organizer_client.get(url).context["form"])
    data["quotas-0-group"] = str(other.pk)
    response = organizer_client.post(url, data)
    assert response.status_code == 200
    assert (
        "Đối tượng dự thi “Cán bộ, công chức” thuộc cuộc thi “Hội thi năm trước”, không "
        "thuộc cuộc thi của vòng thi này." in response.content.decode()
    )
    assert list(PrizeQuota.objects.filter(round=round_).values_list("group", flat=True)) == [own.pk]


def test_a_new_round_names_each_groups_contest_and_checks_it_on_save(organizer_client):
    contest = ContestFactory(title="Hội thi 2026")
    own = EntrantGroupFactory(contest=contest, name="Người dân")
    other = EntrantGroupFactory(contest=ContestFactory(title="Hội thi 2025"), name="Người dân")
    url = reverse("wagtailsnippets_contests_round:add")
    response = organizer_client.get(url)
    assert {"Hội thi 2026 – Người dân", "Hội thi 2025 – Người dân"} <= quota_choices(
        response.context["form"]
    )
    data = form_data(response.context["form"])
    data.update(
        {
            "contest": str(contest.pk),
            "title": "Tuần 1",
            "opens_at": "2026-03-01 08:00",
            "closes_at": "2026-03-07 17:00",
            "quotas-TOTAL_FORMS": "1",
            "quotas-INITIAL_FORMS": "0",
            "quotas-0-group": str(other.pk),
            "quotas-0-first": "1",
            "quotas-0-second": "1",
            "quotas-0-third": "1",
            "quotas-0-consolation": "1",
            "quotas-0-ORDER": "1",
        }
    )
    response = organizer_client.post(url, data)
    assert response.status_code == 200
    assert "thuộc cuộc thi “Hội thi 2025”" in response.content.decode()
    assert not contest.rounds.exists()
    data["quotas-0-group"] = str(own.pk)
    response = organizer_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert contest.rounds.get().quotas.get().group == own


def test_the_organizing_committee_is_editable(organizer_client):
    contest = ContestFactory()
    EntrantGroupFactory(contest=contest)
    member = UserFactory(is_staff=True, full_name="Phạm Văn Đức")
    citizen = UserFactory(is_staff=False)
    url = reverse("wagtailsnippets_contests_contest:edit", args=[contest.pk])
    response = organizer_client.get(url)
    field = response.context["form"].fields["committee"]
    assert member in field.queryset
    assert citizen not in field.queryset
    data = form_data(response.context["form"])
    data["committee"] = [str(member.pk)]
    response = organizer_client.post(url, data)
    assert response.status_code == 302
    assert list(contest.committee.all()) == [member]


def test_the_admin_ranking_shows_durations_to_the_millisecond(organizer_client):
    from contests import services
    from contests.models import Attempt
    from tests.contests.factories import EntryFactory
    from tests.contests.test_results import closed_round, graded

    round_, group = closed_round()
    quota(round_, group)
    graded(round_, EntryFactory(group=group), 90)
    Attempt.objects.update(duration_ms=725_123)
    services.compute_results(round_)
    url = reverse("contests_admin_results", args=[round_.pk])
    body = organizer_client.get(url).content.decode()
    assert "12 phút 05,123 giây" in body
