"""A production install (migrate, setup_roles, no demo data) works for editors and organizers.

Wagtail checks images and documents per collection, so without setup_roles' collection
permissions an editor can neither upload nor choose an image; the news workflow is what turns an
editor's "Publish" into "Submit for moderation" and lets an organizer approve.
"""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from accounts import roles
from portal.models import HomePage, NewsIndexPage, NewsPage
from tests.factories import UserFactory
from tests.helpers import admin_client
from tests.portal.rendition_files import _close_rendition_files  # noqa: F401

pytestmark = pytest.mark.django_db


def setup_roles():
    call_command("setup_roles", stdout=io.StringIO())


def snapshot():
    """Everything setup_roles writes, as comparable rows."""
    return {
        "groups": sorted(
            (group.name, codename)
            for group in Group.objects.all()
            for codename in group.permissions.values_list("codename", flat=True)
        ),
        "collections": sorted(
            GroupCollectionPermission.objects.values_list(
                "group__name", "collection_id", "permission__codename"
            )
        ),
        "pages": sorted(
            GroupPagePermission.objects.values_list(
                "group__name", "page_id", "permission__codename"
            )
        ),
        "workflows": sorted(Workflow.objects.values_list("name", flat=True)),
        "tasks": sorted(
            GroupApprovalTask.objects.values_list("name", "groups__name").order_by("name")
        ),
        "workflow_tasks": sorted(WorkflowTask.objects.values_list("workflow__name", "task__name")),
        "assigned": sorted(WorkflowPage.objects.values_list("page_id", "workflow__name")),
    }


def production_tree():
    """What the site's first administrator makes after setup_roles: the portal's home page as the
    default site's root (instead of Wagtail's welcome page) and the news section under it."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Trang chủ", slug="trang-chu"))
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    news = home.add_child(instance=NewsIndexPage(title="Tin tức", slug="tin-tuc"))
    news.save_revision().publish()
    return home, news


def png(name="anh.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def staff(role, email):
    person = UserFactory(email=email, is_staff=True)
    person.groups.add(Group.objects.get(name=role))
    return person


def test_setup_roles_on_an_empty_database_lets_an_editor_write_and_an_organizer_approve(client):
    assert not HomePage.objects.exists() and not get_image_model().objects.exists()
    setup_roles()
    _home, news = production_tree()
    editor = staff(roles.EDITORS, "bientap@example.com")
    organizer = staff(roles.ORGANIZERS, "bantochuc@example.com")

    # The editor uploads the article's image…
    admin_client(client, editor)
    response = client.post(
        "/admin/images/add/", {"title": "Ảnh hội nghị", "file": png(), "collection": 1, "tags": ""}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get(title="Ảnh hội nghị")
    assert "Ảnh hội nghị" in client.get("/admin/images/chooser/").json()["html"]

    # …writes the article with it and submits it for moderation.
    add_url = f"/admin/pages/add/portal/newspage/{news.pk}/"
    page = client.get(add_url).content.decode()
    assert 'name="action-submit"' in page  # "Gửi duyệt", not "Xuất bản"
    assert 'name="action-publish"' not in page
    response = client.post(
        add_url,
        nested_form_data(
            {
                "title": "Hội nghị tổng kết công tác CCHC",
                "slug": "hoi-nghi-tong-ket-cong-tac-cchc",
                "date": "2026-03-05 09:00",
                "lead": "Sáng nay, tỉnh tổ chức hội nghị tổng kết.",
                "hero_image": image.pk,
                "body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))]),
                "tags": "",
                "comments": inline_formset([]),
                "action-submit": "1",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article = NewsPage.objects.get(slug="hoi-nghi-tong-ket-cong-tac-cchc")
    assert not article.live
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(article.pk))
    assert state.workflow.name == "Duyệt tin bài"
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    client.logout()

    # The organizer sees it waiting on the dashboard and approves it, which publishes it.
    admin_client(client, organizer)
    assert "Hội nghị tổng kết công tác CCHC" in client.get("/admin/").content.decode()
    response = client.post(
        f"/admin/pages/workflow/action/{article.pk}/approve/{state.current_task_state.pk}/",
        {"comment": ""},
    )
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    article = NewsPage.objects.get(pk=article.pk)
    assert article.live and article.hero_image_id == image.pk
    client.logout()
    assert client.get("/tin-tuc/hoi-nghi-tong-ket-cong-tac-cchc/").status_code == 200


def test_the_workflow_waits_on_the_root_until_the_news_section_exists():
    setup_roles()
    root = Page.get_first_root_node()
    assert WorkflowPage.objects.get(page=root).workflow.name == "Duyệt tin bài"
    _home, news = production_tree()
    setup_roles()
    assert WorkflowPage.objects.get(page=news).workflow.name == "Duyệt tin bài"


def test_running_setup_roles_again_changes_nothing():
    setup_roles()
    production_tree()
    setup_roles()
    before = snapshot()
    assert before["collections"] and "Duyệt tin bài" in before["workflows"]
    setup_roles()
    assert snapshot() == before


def test_an_organizer_s_own_workflow_on_the_news_section_is_kept():
    _home, news = production_tree()
    other = Workflow.objects.create(name="Quy trình riêng")
    WorkflowPage.objects.create(page=news, workflow=other)
    setup_roles()
    assert WorkflowPage.objects.get(page=news).workflow == other
