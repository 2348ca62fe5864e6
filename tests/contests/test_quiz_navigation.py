"""What the server renders around the quiz navigator: the notice before starting, the announced
limit on the clock (never the grace on top), the navigator's states and the durations in words."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from contests import services
from contests.models import Attempt, Round
from tests.contests.factories import (
    EntrantGroupFactory,
    EntryFactory,
    QuestionFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db


def entered(round_kwargs, bank=15):
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest, **round_kwargs)
    for _ in range(bank):
        QuestionFactory()
    entry = EntryFactory(group=group)
    return round_, entry


def test_the_notice_before_starting_gives_limit_questions_attempts_and_no_pause(client, vi):
    round_, entry = entered({"question_count": 15, "time_limit_minutes": 20, "attempts_allowed": 3})
    client.force_login(entry.person)
    services.submit(services.start_attempt(round_, entry.person).pk, entry.person)
    page = client.get(round_.contest.get_absolute_url()).content.decode()
    notice = re.search(r'<div class="quiz-notice" id="notice-\d+">(.*?)</div>', page, re.S)
    assert notice, page
    text = re.sub(r"<[^>]+>|\s+", " ", notice.group(1))
    assert "Thời gian làm bài: 20 phút" in re.sub(r"\s+", " ", text)
    assert "Số câu hỏi: 15" in re.sub(r"\s+", " ", text)
    assert "Số lượt làm bài còn lại: 2/3" in re.sub(r"\s+", " ", text)
    assert "không thể tạm dừng" in text
    assert f'aria-describedby="notice-{round_.pk}"' in page
    assert page.index("quiz-notice") < page.index("Bắt đầu làm bài")


def test_no_notice_once_every_attempt_is_used(client, vi):
    round_, entry = entered({"question_count": 3, "attempts_allowed": 1}, bank=3)
    client.force_login(entry.person)
    services.submit(services.start_attempt(round_, entry.person).pk, entry.person)
    page = client.get(round_.contest.get_absolute_url()).content.decode()
    assert "quiz-notice" not in page and "Bắt đầu làm bài" not in page


def test_the_clock_shows_the_announced_limit_not_the_grace(client, vi):
    round_, entry = entered({"question_count": 4, "time_limit_minutes": 20, "grace_seconds": 30})
    client.force_login(entry.person)
    client.post(reverse("contests:start", args=[round_.contest.slug, round_.pk]))
    attempt = Attempt.objects.get()
    page = client.get(reverse("contests:attempt", args=[attempt.pk])).content.decode()
    countdown = re.search(
        r'id="quiz-countdown" data-remaining="(\d+)" data-grace="30">([^<]+)<', page
    )
    assert countdown, page
    assert 1195 <= int(countdown.group(1)) <= 1200
    assert countdown.group(2) in ("20 phút 00 giây", "19 phút 59 giây", "19 phút 58 giây")
    assert "20 phút 30 giây" not in page


def test_the_navigator_has_a_labelled_link_per_question_and_the_answered_count(client, vi):
    round_, entry = entered({"question_count": 5}, bank=5)
    client.force_login(entry.person)
    attempt = services.start_attempt(round_, entry.person)
    second = attempt.draw[1][0]
    services.save_answer(attempt.pk, entry.person, second, [0], by_position=True)
    page = client.get(reverse("contests:attempt", args=[attempt.pk])).content.decode()
    links = re.findall(
        r'<a class="quiz-nav-link[^"]*"[^>]*href="#cau-(\d)"[^>]*aria-label="([^"]+)"', page
    )
    assert [number for number, _ in links] == ["1", "2", "3", "4", "5"]
    assert links[0][1] == "Câu 1, chưa trả lời"
    assert links[1][1] == "Câu 2, đã trả lời"
    assert 'id="cau-2"' in page
    assert re.search(r'Đã trả lời <strong><span id="quiz-answered-count">1</span>/5</strong>', page)
    # Without the script the summary stays hidden and "Nộp bài" submits the form as before.
    assert re.search(r'<section class="quiz-summary card"[^>]* hidden>', page)
    assert 'id="quiz-submit">Nộp bài</button>' in page
    assert "style=" not in page.split("<main", 1)[1]


def test_the_result_page_gives_the_time_taken_in_minutes_and_seconds(client, vi):
    round_, entry = entered(
        {"question_count": 2, "time_limit_minutes": 20, "show_score": Round.Reveal.AFTER_ATTEMPT},
        bank=2,
    )
    client.force_login(entry.person)
    attempt = services.start_attempt(round_, entry.person)
    services.submit(attempt.pk, entry.person, now=attempt.started_at + timedelta(seconds=725))
    page = client.get(reverse("contests:attempt_result", args=[attempt.pk])).content.decode()
    assert 'Thời gian làm bài: <span id="quiz-duration">12 phút 05 giây</span>' in page
    assert "725" not in page
