"""The contests' public pages in the portal's page cache: served from it, a fixed number of
queries whatever the number of contests, rounds and results, purged by each change they show,
a round opening on time without a purge, and nobody's own parts in anyone else's page."""

import re
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contests import services
from contests.models import Round
from contests.personal_data import erase
from portal import cache as page_cache
from tests.contests.factories import (
    ContestFactory,
    EntrantGroupFactory,
    EntryFactory,
    QuestionFactory,
    RoundFactory,
    quota,
)
from tests.contests.test_results import closed_round, graded
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_settings(db):
    """The portal's settings row exists (the first page would create it: one more query)."""
    from portal.models import PortalSettings

    PortalSettings.load()


HIT, MISS = "hit", "miss"
INDEX = reverse("contests:index")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def body(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def detail_url(contest):
    return reverse("contests:detail", args=[contest.slug])


def results_url(round_):
    return reverse("contests:results", args=[round_.contest.slug, round_.pk])


def live_url(round_):
    return reverse("contests:live", args=[round_.contest.slug, round_.pk])


def warm(url, client=None):
    """Fill the cache with `url` and check the next request is served from it."""
    client = client or Client()
    client.get(url)
    response = client.get(url)
    assert response["X-Portal-Cache"] == HIT, url
    return response


def take_part(round_, group, people):
    entries = []
    for _ in range(people):
        entry = EntryFactory(group=group)
        attempt = services.start_attempt(round_, entry.person)
        services.submit(attempt.pk, entry.person)
        entries.append(entry)
    return entries


def published_round(people=3):
    """A closed round with its results computed and published: the first entrant wins."""
    round_, group = closed_round()
    quota(round_, group, first=1, second=1, third=1, consolation=3)
    entries = []
    for index in range(people):
        entry = EntryFactory(group=group)
        graded(round_, entry, 100 - index, submitted=index)
        entries.append(entry)
    services.compute_results(round_)
    services.publish_results(round_)
    return round_, group, entries


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def render_queries(url, client=None):
    """The queries of rendering `url` in full (a parameter the cache does not know keeps it
    out), once the site's own cached settings are read."""
    client = client or Client()
    url += "?render=1"
    client.get(url)
    return count_queries(client, url)


# ------------------------------------------------------------------------------------------
# Served from the cache, in a fixed number of queries
# ------------------------------------------------------------------------------------------


def test_second_anonymous_request_of_each_page_is_served_without_a_query(
    django_assert_num_queries,
):
    round_, _group, _entries = published_round()
    open_round = RoundFactory(contest=round_.contest)
    for url in (INDEX, detail_url(round_.contest), results_url(round_), live_url(open_round)):
        assert Client().get(url)["X-Portal-Cache"] == MISS
        with django_assert_num_queries(0):
            response = Client().get(url)
        assert response["X-Portal-Cache"] == HIT, url


def test_index_renders_in_the_same_queries_for_one_contest_or_many():
    RoundFactory(contest=ContestFactory())
    one = render_queries(INDEX)
    for _ in range(8):
        contest = ContestFactory()
        for _ in range(3):
            RoundFactory(contest=contest)
    assert render_queries(INDEX) == one


def test_detail_renders_in_the_same_queries_for_one_round_or_many():
    group = EntrantGroupFactory()
    entry = EntryFactory(group=group)
    first = RoundFactory(contest=group.contest, attempts_allowed=3, question_count=1)
    QuestionFactory()
    services.submit(services.start_attempt(first, entry.person).pk, entry.person)
    url = detail_url(group.contest)
    anonymous = render_queries(url)
    entrant = render_queries(url, signed_in(entry.person))
    for _ in range(6):
        round_ = RoundFactory(contest=group.contest, attempts_allowed=3, question_count=1)
        services.submit(services.start_attempt(round_, entry.person).pk, entry.person)
    EntrantGroupFactory(contest=group.contest, name="Người dân")
    assert render_queries(url) == anonymous
    assert render_queries(url, signed_in(entry.person)) == entrant


def test_results_render_in_the_same_queries_for_few_or_many_winners():
    round_, _group, _entries = published_round(people=2)
    few = render_queries(results_url(round_))
    round_, _group, _entries = published_round(people=12)
    assert render_queries(results_url(round_)) == few


# ------------------------------------------------------------------------------------------
# Purged by what the pages show
# ------------------------------------------------------------------------------------------


def test_editing_a_contest_shows_on_its_pages_at_once():
    round_, _group, _entries = published_round()
    contest = round_.contest
    urls = (INDEX, detail_url(contest), results_url(round_), live_url(round_))
    for url in urls:
        warm(url)
    contest.title = "Cuộc thi đã đổi tên"
    contest.save()
    for url in urls:
        assert "Cuộc thi đã đổi tên" in body(Client().get(url)), url


def test_unpublishing_a_contest_takes_it_off_at_once():
    round_, _group, _entries = published_round()
    contest = round_.contest
    warm(INDEX)
    warm(detail_url(contest))
    contest.is_published = False
    contest.save()
    assert contest.title not in body(Client().get(INDEX))
    assert Client().get(detail_url(contest)).status_code == 404
    assert Client().get(results_url(round_)).status_code == 404


def test_publishing_a_contest_lists_it_at_once():
    visible = ContestFactory()
    hidden = ContestFactory(is_published=False, title="Cuộc thi sắp công bố")
    warm(INDEX)
    hidden.is_published = True
    hidden.save()
    html = body(Client().get(INDEX))
    assert visible.title in html
    assert "Cuộc thi sắp công bố" in html


def test_editing_or_adding_a_round_shows_at_once():
    round_ = RoundFactory(title="Tuần đầu")
    contest = round_.contest
    warm(INDEX)
    warm(detail_url(contest))
    round_.title = "Tuần thứ nhất"
    round_.save()
    RoundFactory(contest=contest, title="Tuần thứ hai")
    for url in (INDEX, detail_url(contest)):
        html = body(Client().get(url))
        assert "Tuần thứ nhất" in html and "Tuần thứ hai" in html, url
        assert "Tuần đầu" not in html


def test_renaming_an_entrant_group_shows_at_once():
    round_, group, _entries = published_round()
    warm(detail_url(round_.contest))
    warm(results_url(round_))
    group.name = "Khối cán bộ cơ sở"
    group.save()
    assert "Khối cán bộ cơ sở" in body(Client().get(detail_url(round_.contest)))
    assert "Khối cán bộ cơ sở" in body(Client().get(results_url(round_)))


def test_publishing_results_links_them_from_the_contest_page_at_once():
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest, question_count=1)
    quota(round_, group)
    QuestionFactory()
    take_part(round_, group, 2)
    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    round_.refresh_from_db()
    services.compute_results(round_)
    warm(INDEX)
    warm(detail_url(group.contest))
    assert results_url(round_) not in body(Client().get(detail_url(group.contest)))
    services.publish_results(round_)
    assert results_url(round_) in body(Client().get(detail_url(group.contest)))
    assert "Đã công bố kết quả" in body(Client().get(INDEX))


def figures(html):
    return re.search(r"(\d+) lượt dự thi của (\d+) người", html).groups()


def test_voiding_an_entry_and_recomputing_show_on_the_results_at_once(monkeypatch):
    from contests.services import computing

    jobs = []
    monkeypatch.setattr(computing, "_enqueue", jobs.append)  # the worker has not run yet
    round_, _group, entries = published_round(people=3)
    url = results_url(round_)
    html = body(warm(url))
    assert figures(html) == ("3", "3")
    winner = entries[0]
    assert winner.full_name in html
    # Voiding leaves the entry out of the figures at once...
    services.void_entry(winner, "Khai sai thông tin", user=UserFactory())
    html = body(Client().get(url))
    assert figures(html) == ("2", "2")
    assert winner.full_name in html  # still placed until the round is ranked again
    # ...and ranking the round again (in the background) takes them off the prizes.
    warm(url)
    (job,) = jobs
    computing.run_job(job.pk)
    assert winner.full_name not in body(Client().get(url))


def test_recomputing_results_shows_at_once():
    round_, group, _entries = published_round(people=2)
    url = results_url(round_)
    html = body(warm(url))
    assert "Giải Nhất" in html
    round_.quotas.update(first=0, second=0, third=0, consolation=0)
    services.compute_results(round_)
    assert "Giải Nhất" not in body(Client().get(url))


def test_erasing_a_winners_account_takes_their_name_off_the_results_at_once():
    round_, _group, entries = published_round(people=1)
    url = results_url(round_)
    winner = entries[0]
    assert winner.full_name in body(warm(url))
    erase(winner.person, timezone.now())
    assert winner.full_name not in body(Client().get(url))


def test_purging_one_contest_leaves_the_others_cached():
    round_, _group, _entries = published_round()
    other, _other_group, _other_entries = published_round()
    warm(detail_url(other.contest))
    warm(results_url(other))
    round_.contest.title = "Đổi tên"
    round_.contest.save()
    round_.title = "Đổi vòng"
    round_.save()
    assert Client().get(detail_url(other.contest))["X-Portal-Cache"] == HIT
    assert Client().get(results_url(other))["X-Portal-Cache"] == HIT


def test_a_new_entry_leaves_the_pages_cached():
    group = EntrantGroupFactory()
    RoundFactory(contest=group.contest)
    warm(detail_url(group.contest))
    EntryFactory(group=group)
    assert Client().get(detail_url(group.contest))["X-Portal-Cache"] == HIT


# ------------------------------------------------------------------------------------------
# The clock
# ------------------------------------------------------------------------------------------


def test_a_round_opening_shows_as_open_without_a_purge():
    opens = timezone.now() + timedelta(seconds=2)
    round_ = RoundFactory(opens_at=opens, closes_at=opens + timedelta(days=1))
    url = detail_url(round_.contest)
    for page in (url, INDEX):
        html = body(warm(page))
        assert "Đang mở" not in html
    assert "Chưa mở." in body(Client().get(url))
    time.sleep(max(0, (opens - timezone.now()).total_seconds()) + 0.1)
    for page in (url, INDEX):
        html = body(Client().get(page))
        assert "Đang mở" in html, page
    assert "Chưa mở." not in body(Client().get(url))


def test_a_round_closing_shows_as_closed_without_a_purge():
    closes = timezone.now() + timedelta(seconds=2)
    round_ = RoundFactory(opens_at=closes - timedelta(days=1), closes_at=closes)
    url = detail_url(round_.contest)
    assert "Đang mở" in body(warm(url))
    time.sleep(max(0, (closes - timezone.now()).total_seconds()) + 0.1)
    html = body(Client().get(url))
    assert "Đang mở" not in html
    assert "Đã kết thúc." in html


def test_live_figures_are_kept_a_short_while(settings):
    settings.CONTESTS_LIVE_CACHE_SECONDS = 2
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest, question_count=1)
    QuestionFactory()
    take_part(round_, group, 1)
    warm(live_url(round_))
    take_part(round_, group, 1)
    time.sleep(2.1)
    html = body(Client().get(live_url(round_)))
    assert "<strong>2</strong>" in html


# ------------------------------------------------------------------------------------------
# Personal parts
# ------------------------------------------------------------------------------------------


@pytest.fixture
def contest_with_entrant():
    group = EntrantGroupFactory(name="Cán bộ xã")
    round_ = RoundFactory(contest=group.contest, attempts_allowed=2, question_count=1)
    QuestionFactory()
    entry = EntryFactory(group=group, person=UserFactory(full_name="Trần Văn Entrant"))
    attempt = services.start_attempt(round_, entry.person)
    services.submit(attempt.pk, entry.person)
    return round_, entry, attempt


def personal_traces(round_, attempt):
    return [
        "Cán bộ xã",  # the entrant's group as "You have entered as"
        reverse("contests:start", args=[round_.contest.slug, round_.pk]),
        reverse("contests:attempt_result", args=[attempt.pk]),
    ]


@pytest.mark.parametrize("entrant_first", [True, False])
def test_nobody_gets_another_readers_status_or_buttons(contest_with_entrant, entrant_first):
    round_, entry, attempt = contest_with_entrant
    url = detail_url(round_.contest)
    other = UserFactory(full_name="Nguyễn Thị Other")
    entrant_client, other_client = signed_in(entry.person), signed_in(other)
    clients = [entrant_client, other_client, Client()]
    if not entrant_first:
        clients.reverse()
    pages = {id(client): client.get(url) for client in clients}
    assert any(r["X-Portal-Cache"] == HIT for r in pages.values())
    entrant_page = body(pages[id(entrant_client)])
    # Shown "Entrant groups: Cán bộ xã" to all; "You have entered as" only to the entrant.
    assert "Bạn đã đăng ký dự thi theo đối tượng: Cán bộ xã" in entrant_page
    for trace in personal_traces(round_, attempt)[1:]:
        assert trace in entrant_page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', entrant_page).group(1)
    assert token != page_cache.CSRF_PLACEHOLDER
    for client, wants in ((other_client, "Đăng ký dự thi"), (Client(), "Đăng nhập để dự thi")):
        html = body(pages[id(client)]) if client is other_client else body(client.get(url))
        assert wants in html
        assert "Bạn đã đăng ký dự thi theo đối tượng" not in html
        for trace in personal_traces(round_, attempt)[1:]:
            assert trace not in html
        assert entry.person.full_name not in html
        assert "Bắt đầu làm bài" not in html


def test_the_shared_copy_holds_the_anonymous_version_only(contest_with_entrant):
    round_, entry, attempt = contest_with_entrant
    url = detail_url(round_.contest)
    signed_in(entry.person).get(url)  # the entrant's miss fills the cache
    key_request = Client().get(url)
    assert key_request["X-Portal-Cache"] == HIT
    html = body(key_request)
    assert "Đăng nhập để dự thi" in html
    for trace in personal_traces(round_, attempt)[1:]:
        assert trace not in html
    assert "Bạn đã đăng ký dự thi theo đối tượng" not in html


def test_an_entrant_served_from_the_cache_can_start_the_round(contest_with_entrant):
    round_, entry, _attempt = contest_with_entrant
    url = detail_url(round_.contest)
    warm(url)
    client = Client(enforce_csrf_checks=True)
    client.force_login(entry.person)
    response = client.get(url)
    assert response["X-Portal-Cache"] == HIT
    html = body(response)
    assert "Bắt đầu làm bài" in html
    assert "<strong>1/2</strong>" in html  # attempts left
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(
        reverse("contests:start", args=[round_.contest.slug, round_.pk]),
        {"csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert "/bai-thi/" in response.url


def test_a_voided_entrant_sees_their_entry_voided(contest_with_entrant):
    round_, entry, _attempt = contest_with_entrant
    url = detail_url(round_.contest)
    warm(url)
    services.void_entry(entry, "Khai sai", user=UserFactory())
    html = body(signed_in(entry.person).get(url))
    assert "Bài dự thi của bạn đã bị hủy." in html
    assert "Bắt đầu làm bài" not in html


def test_an_entrants_page_takes_the_same_queries_with_one_round_or_many(
    contest_with_entrant,
):
    round_, entry, _attempt = contest_with_entrant
    url = detail_url(round_.contest)
    warm(url)
    client = signed_in(entry.person)
    client.get(url)
    few = count_queries(client, url)
    for _ in range(5):
        extra = RoundFactory(contest=round_.contest, question_count=1)
        services.submit(services.start_attempt(extra, entry.person).pk, entry.person)
    warm(url)
    client.get(url)
    assert count_queries(client, url) == few


def test_the_home_sections_rounds_bound_the_cached_home_page(rf):
    """The portal's home page lists the rounds open or opening next: its cached copy must end
    when the first of them opens or closes ("Open now" appears, a closed round goes)."""
    from contests import public

    now = timezone.now()
    opening = RoundFactory(opens_at=now + timedelta(hours=2), closes_at=now + timedelta(days=2))
    RoundFactory(opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=1))
    request = rf.get("/")
    state = page_cache.CacheState("key", 1, None)
    state.shared = True
    request.portal_page_cache = state
    assert public.home_section(request)
    assert state.expires == opening.opens_at
