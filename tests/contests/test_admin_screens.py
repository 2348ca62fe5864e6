"""The organizers' screens (contests/admin_views.py): each one refuses a staff member without
the model permission, renders for an organizer, and turns a service's refusal into a message;
the charts are the shared bar chart, with the Vietnamese decimal comma in the text."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from contests import services
from contests.models import Entry, Question, Round
from tests.contests.factories import EntrantGroupFactory, EntryFactory, QuestionFactory
from tests.contests.test_results import closed_round, graded
from tests.factories import UserFactory
from tests.helpers import admin_client

pytestmark = pytest.mark.django_db


def staff_with(client, *codenames):
    user = UserFactory(is_staff=True)
    group = Group.objects.create(name=f"g-{user.pk}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        group.permissions.add(Permission.objects.get(codename=codename))
    user.groups.add(group)
    return admin_client(client, user), user


def screens(round_pk, entry_pk, question_pk):
    return {
        reverse("contests_admin_import"): "add_question",
        reverse("contests_admin_template"): "add_question",
        reverse("contests_admin_export_bank"): "view_question",
        reverse("contests_admin_appraise", args=[question_pk]): "change_question",
        reverse("contests_admin_preview_question", args=[question_pk]): "view_question",
        reverse("contests_admin_rounds"): "change_round",
        reverse("contests_admin_results", args=[round_pk]): "change_round",
        reverse("contests_admin_monitor", args=[round_pk]): "change_round",
        reverse("contests_admin_void", args=[entry_pk]): "change_entry",
    }


def test_each_screen_needs_its_model_permission(client):
    round_, group = closed_round()
    entry = EntryFactory(group=group)
    question = QuestionFactory(status=Question.Status.DRAFT)
    for url, codename in screens(round_.pk, entry.pk, question.pk).items():
        client.logout()
        staff_with(client)
        assert client.get(url).status_code in (302, 403), url
        client.logout()
        staff_with(client, codename)
        assert client.get(url).status_code == 200, url


def test_monitor_and_results_show_the_shared_chart_with_a_decimal_comma(client):
    round_, group = closed_round()
    for score in (100, 80, 50, 10, 0, 0):
        graded(round_, EntryFactory(group=group), score)
    admin_client(client, UserFactory(is_staff=True, is_superuser=True))
    monitor = client.get(reverse("contests_admin_monitor", args=[round_.pk]))
    assert monitor.status_code == 200
    assert 'class="bar-chart"' in monitor.content.decode()
    assert "Lượt dự thi theo giờ" in monitor.content.decode()
    assert (
        "style=" not in monitor.content.decode().split('class="bar-chart"')[1].split("</figure>")[0]
    )
    services.compute_results(round_)
    services.publish_results(round_)
    page = client.get(reverse("contests:results", args=[group.contest.slug, round_.pk])).content
    text = page.decode()
    assert text.count('class="bar-chart"') == 2
    assert "33,3%" in text  # two of six in the zero band, written the Vietnamese way
    assert 'width="100.0%"' in text  # the largest band, written with a dot for SVG


def test_void_and_appraise_screens_show_a_refusal_as_a_message(client):
    organizer = UserFactory(is_staff=True, is_superuser=True)
    admin_client(client, organizer)
    entry = EntryFactory(group=EntrantGroupFactory())
    url = reverse("contests_admin_void", args=[entry.pk])
    response = client.post(url, {"reason": "Khai sai đơn vị", "confirm": "yes"}, follow=True)
    assert response.redirect_chain[0][0] == reverse("wagtailsnippets_contests_entry:list")
    entry.refresh_from_db()
    assert entry.voided_at is not None
    again = client.post(url, {"reason": "Lần nữa"})
    assert again.status_code == 200
    assert [str(message) for message in again.context["messages"]] == [
        services.ContestError("already_voided").message
    ]
    assert Entry.objects.get(pk=entry.pk).void_reason == "Khai sai đơn vị"

    question = QuestionFactory(status=Question.Status.DRAFT, author=organizer)
    appraise = reverse("contests_admin_appraise", args=[question.pk])
    response = client.post(appraise, {"action": "appraise"}, follow=True)
    question.refresh_from_db()
    assert question.status == Question.Status.DRAFT
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [services.ContestError("appraiser_is_author").message]


def test_the_attempt_sheet_and_review_are_plain_structures():
    round_, group = closed_round()
    round_.opens_at = timezone.now() - timedelta(hours=1)
    round_.closes_at = timezone.now() + timedelta(hours=1)
    round_.question_count = 2
    round_.show_answers = Round.Reveal.AFTER_ATTEMPT
    round_.show_score = Round.Reveal.AFTER_ATTEMPT
    round_.save()
    for _ in range(2):
        QuestionFactory()
    entry = EntryFactory(group=group)
    attempt = services.start_attempt(round_, entry.person)
    question_id, choice_ids, _several = attempt.draw[0]
    services.save_answer(attempt.pk, entry.person, question_id, [choice_ids[1]])
    sheet = services.attempt_sheet(attempt)
    assert [item["number"] for item in sheet["questions"]] == [1, 2]
    first = sheet["questions"][0]
    assert [choice["checked"] for choice in first["choices"]][:2] == [False, True]
    assert "correct" not in str(first)  # nothing says which choice is right
    assert 0 < sheet["remaining"] <= round_.time_limit_minutes * 60 + round_.grace_seconds
    attempt = services.submit(attempt.pk, entry.person)
    review = services.attempt_review(attempt)
    assert review["show_score"] and review["show_answers"]
    assert len(review["review"]) == 2
    item = next(item for item in review["review"] if item["number"] == 1)
    assert set(item) == {"number", "text", "explanation", "legal_source", "choices"}
    assert [choice["chosen"] for choice in item["choices"]][:2] == [False, True]
    assert sum(choice["correct"] for choice in item["choices"]) >= 1


def test_the_entries_list_links_every_attempt_in_bounded_queries(
    client, django_assert_max_num_queries
):
    """A complaint can come from anyone, not only the ranking's first rows: each entry in the
    list links its attempts, for an organizer allowed to open them."""
    round_, group = closed_round(title="Tuần 1")
    later, _ = closed_round(group=group, title="Tuần 2")
    entry = EntryFactory(group=group, full_name="Trần Văn Khiếu Nại")
    first = graded(round_, entry, 5)
    second = graded(later, entry, 7)
    EntryFactory(group=group, full_name="Chưa Thi Lần Nào")
    url = reverse("wagtailsnippets_contests_entry:list")
    staff_with(client, "view_entry", "change_entry")
    page = client.get(url).content.decode()
    assert "Tuần 1" in page and "Chưa thi" in page
    assert reverse("contests_admin_attempt", args=[first.pk]) not in page  # may not open them
    client.logout()
    staff_with(client, "view_entry", "change_entry", "change_round")
    page = client.get(url).content.decode()
    assert reverse("contests_admin_attempt", args=[first.pk]) in page
    assert reverse("contests_admin_attempt", args=[second.pk]) in page
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for n in range(30):
        graded(round_, EntryFactory(group=group), n % 10, submitted=n + 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
