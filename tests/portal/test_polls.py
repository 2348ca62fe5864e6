from datetime import timedelta

import pytest
from django.utils import timezone

from portal.models import PollVote
from tests.factories import UserFactory

from .factories import PollFactory


@pytest.fixture
def poll(db):
    return PollFactory()


def vote_url(poll):
    return f"/tham-do/{poll.pk}/binh-chon/"


def test_one_vote_per_browser_under_100_posts(client, poll):
    choice = poll.choices.first()
    first = client.post(vote_url(poll), {"choice": choice.pk})
    assert first.status_code == 302
    for _ in range(99):
        response = client.post(vote_url(poll), {"choice": choice.pk})
        assert response.status_code in (302, 429)
    assert PollVote.objects.filter(poll=poll).count() == 1
    results = client.get(f"/tham-do/{poll.pk}/").content.decode()
    assert "100,0%" in results


def test_one_vote_per_account_even_from_new_browsers(client, poll):
    user = UserFactory()
    choices = list(poll.choices.all())
    client.force_login(user)
    assert client.post(vote_url(poll), {"choice": choices[0].pk}).status_code == 302
    client.cookies.clear()
    client.force_login(user)
    response = client.post(vote_url(poll), {"choice": choices[1].pk}, follow=True)
    assert "Bạn đã bình chọn" in response.content.decode()
    assert PollVote.objects.filter(poll=poll).count() == 1


def test_anonymous_votes_limited_per_ip(client, poll):
    choice = poll.choices.first()
    statuses = []
    for _ in range(35):
        client.cookies.clear()  # a script throwing its cookie away each time
        statuses.append(client.post(vote_url(poll), {"choice": choice.pk}).status_code)
    assert statuses.count(302) == 30
    assert statuses[-1] == 429
    assert PollVote.objects.count() == 30


def test_closed_poll_refuses_votes_and_shows_results(client, db):
    poll = PollFactory(
        opens_at=timezone.now() - timedelta(days=3), closes_at=timezone.now() - timedelta(days=1)
    )
    response = client.post(vote_url(poll), {"choice": poll.choices.first().pk})
    assert response.status_code == 400
    assert "không mở để bình chọn" in response.content.decode()
    assert not PollVote.objects.exists()
    page = client.get(f"/tham-do/{poll.pk}/").content.decode()
    assert "Kết quả cuối cùng" in page


def test_choice_of_another_poll_is_refused(client, poll):
    other = PollFactory(question="Câu hỏi khác")
    response = client.post(vote_url(poll), {"choice": other.choices.first().pk})
    assert response.status_code == 400
    assert "Vui lòng chọn một trong các phương án" in response.content.decode()
    for bad in ("", "abc", "-1"):
        assert client.post(vote_url(poll), {"choice": bad}).status_code == 400
    assert not PollVote.objects.exists()
    assert client.post("/tham-do/999999/binh-chon/", {"choice": 1}).status_code == 404


def test_results_as_percentages(client, poll):
    choices = list(poll.choices.all())
    for index, choice in enumerate([0, 0, 1, 2]):
        PollVote.objects.create(poll=poll, choice=choices[choice], voter_key=f"browser:{index}")
    client.post(vote_url(poll), {"choice": choices[0].pk})
    html = client.get(f"/tham-do/{poll.pk}/").content.decode()
    assert "60,0% (3)" in html
    assert "20,0% (1)" in html
    assert 'class="poll-bar-fill" width="60.0%"' in html  # an SVG width, no inline style
    assert "Tổng cộng 5 lượt bình chọn" in html


def test_see_results_shows_the_results_and_the_form_before_voting(client, poll):
    """ "Xem kết quả" shows the results so far; the reader may still vote under them."""
    html = client.get(f"/tham-do/{poll.pk}/").content.decode()
    assert "poll-bars" in html
    assert "Kết quả đến lúc này:" in html
    assert 'name="choice"' in html


def test_poll_shows_on_home_page(client, home, poll):
    html = client.get("/").content.decode()
    assert poll.question in html
    assert f'action="/tham-do/{poll.pk}/binh-chon/"' in html


def test_a_poll_not_yet_open_is_not_shown(client, db):
    from datetime import timedelta

    from django.utils import timezone

    upcoming = PollFactory(opens_at=timezone.now() + timedelta(days=1))
    assert client.get(f"/tham-do/{upcoming.pk}/").status_code == 404
