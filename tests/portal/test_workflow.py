import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from accounts import roles
from demo.seeders import portal as demo
from portal.models import NewsPage
from tests.factories import UserFactory
from tests.helpers import admin_client

from .factories import make_news


@pytest.fixture
def staff(home, news_index, groups):
    call_command("setup_roles", stdout=io.StringIO())
    # setup_roles gives page permissions on the first depth-2 page; make it our home page.
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    call_command("setup_roles", stdout=io.StringIO())
    demo.seed_workflow(home)
    editor = UserFactory(email="editor@example.com", is_staff=True)
    editor.groups.add(groups[roles.EDITORS])
    organizer = UserFactory(email="organizer@example.com", is_staff=True)
    organizer.groups.add(groups[roles.ORGANIZERS])
    return editor, organizer


def form(page, **extra):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "date": "2026-03-01 09:00",
            "lead": "Mở đầu",
            "body": streamfield([]),
            "tags": "",
            "comments": inline_formset([]),
            **extra,
        }
    )


def test_editor_submits_and_organizer_approves(client, news_index, staff):
    editor, organizer = staff
    draft = make_news(news_index, title="Tin chờ duyệt", publish=False)
    assert not draft.permissions_for_user(editor).can_publish()
    assert draft.permissions_for_user(organizer).can_publish()

    admin_client(client, editor)
    response = client.post(f"/admin/pages/{draft.pk}/edit/", {**form(draft), "action-submit": "1"})
    assert response.status_code == 302
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(draft.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not NewsPage.objects.get(pk=draft.pk).live

    task_state = state.current_task_state
    actions = [name for name, *_ in task_state.task.specific.get_actions(draft, organizer)]
    assert "approve" in actions
    assert task_state.task.specific.get_actions(draft, editor) == []

    client.logout()
    admin_client(client, organizer)
    response = client.post(
        f"/admin/pages/workflow/action/{draft.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert NewsPage.objects.get(pk=draft.pk).live
    client.logout()
    assert client.get("/tin-tuc/tin-cho-duyet/").status_code == 200


def test_scheduled_publishing(client, news_index, staff):
    _editor, organizer = staff
    draft = make_news(news_index, title="Tin hẹn giờ", publish=False)
    draft.go_live_at = timezone.now() + timedelta(hours=1)
    revision = draft.save_revision(user=organizer)
    revision.publish(user=organizer)
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None
    assert not NewsPage.objects.get(pk=draft.pk).live
    from portal.models import NewsPage as Model

    # An hour passes: move the schedule into the past rather than wait.
    past = timezone.now() - timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    from portal.tasks import publish_scheduled_pages

    publish_scheduled_pages.call()
    assert Model.objects.get(pk=draft.pk).live
    assert client.get("/tin-tuc/tin-hen-gio/").status_code == 200


def test_preview_renders_for_staff(client, news_index, staff):
    _editor, organizer = staff
    page = make_news(news_index, title="Xem trước")
    admin_client(client, organizer)
    response = client.post(
        f"/admin/pages/{page.pk}/edit/preview/", form(page, title="Bản xem trước")
    )
    assert response.json()["is_valid"]
    preview = client.get(f"/admin/pages/{page.pk}/edit/preview/")
    assert "Bản xem trước" in preview.content.decode()


def test_the_periodic_task_unpublishes_an_expired_article(client, article):
    from portal.periodic import PERIODIC
    from portal.tasks import publish_scheduled_pages

    assert publish_scheduled_pages in [task for task, _interval in PERIODIC]
    assert client.get(article.url)["X-Portal-Cache"] == "miss"
    assert client.get(article.url)["X-Portal-Cache"] == "hit"
    # The article was published with an expiry that has now passed.
    NewsPage.objects.filter(pk=article.pk).update(expire_at=timezone.now() - timedelta(minutes=1))

    publish_scheduled_pages.call()

    page = NewsPage.objects.get(pk=article.pk)
    assert not page.live
    assert page.expired
    assert client.get(article.url).status_code == 404


def test_an_article_whose_expiry_is_still_ahead_stays_online(client, article):
    from portal.tasks import publish_scheduled_pages

    NewsPage.objects.filter(pk=article.pk).update(expire_at=timezone.now() + timedelta(hours=1))
    publish_scheduled_pages.call()
    assert NewsPage.objects.get(pk=article.pk).live
    assert client.get(article.url).status_code == 200


def test_editing_creates_a_revision_and_reverting_restores_the_old_text(client, news_index, staff):
    _editor, organizer = staff
    page = make_news(news_index, title="Tin có lịch sử", lead="Bản đầu tiên.")
    first = page.latest_revision
    admin_client(client, organizer)
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        {**form(page, lead="Bản đã sửa."), "action-publish": "1"},
    )
    assert response.status_code == 302
    page = NewsPage.objects.get(pk=page.pk)
    assert page.lead == "Bản đã sửa."
    assert page.revisions.count() == 2
    assert page.latest_revision != first
    assert page.latest_revision.user == organizer

    # Reverting: the editor opens the old revision and publishes it again.
    response = client.get(f"/admin/pages/{page.pk}/revisions/{first.pk}/revert/")
    assert response.status_code == 200
    assert "Bản đầu tiên." in response.content.decode()
    response = client.post(
        f"/admin/pages/{page.pk}/revisions/{first.pk}/revert/",
        {**form(page, lead="Bản đầu tiên."), "revision": str(first.pk), "action-publish": "1"},
    )
    assert response.status_code == 302
    page = NewsPage.objects.get(pk=page.pk)
    assert page.lead == "Bản đầu tiên."
    assert page.revisions.count() == 3
    client.logout()
    assert "Bản đầu tiên." in client.get(page.url).content.decode()
