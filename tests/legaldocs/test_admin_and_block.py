"""The register in the Wagtail admin (list, tone-insensitive search, the form's errors in
Vietnamese) and the "related legal documents" block of portal articles."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Page, Site

from accounts import roles
from legaldocs.models import LegalDocument
from portal.models import HomePage, NewsIndexPage
from tests.factories import UserFactory
from tests.helpers import admin_client
from tests.portal.factories import make_news

from .conftest import make_document

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/snippets/legaldocs/legaldocument/"


@pytest.fixture
def editor(client):
    call_command("setup_roles", verbosity=0)
    person = UserFactory(is_staff=True)
    person.groups.add(Group.objects.get(name=roles.EDITORS))
    return admin_client(client, person)


def test_editor_lists_and_searches_without_tone_marks(editor, plan, ubnd, vi):
    make_document(ubnd, "12/CT-UBND", doc_type="chi-thi", title="Chỉ thị về kỷ luật hành chính")
    response = editor.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "05/KH-UBND" in html and "12/CT-UBND" in html
    html = editor.get(LIST_URL, {"q": "ky luat"}).content.decode()
    assert "12/CT-UBND" in html and "05/KH-UBND" not in html
    html = editor.get(LIST_URL, {"q": "05/kh-ubnd"}).content.decode()
    assert "05/KH-UBND" in html and "12/CT-UBND" not in html
    html = editor.get(LIST_URL, {"doc_type": "chi-thi", "year": "2026"}).content.decode()
    assert "12/CT-UBND" in html and "05/KH-UBND" not in html


def test_the_form_refuses_a_duplicate_number_next_to_the_field(editor, plan, ubnd, vi):
    response = editor.post(
        f"{LIST_URL}add/",
        {
            "number": "05/kh-ubnd",
            "doc_type": "ke-hoach",
            "issuer": ubnd.pk,
            "issued_on": "2026-03-01",
            "effective_on": "2026-02-01",
            "title": "Bản trùng số",
            "status": "in_force",
            "is_public": "on",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "attachments-MIN_NUM_FORMS": "0",
            "attachments-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "đã có văn bản mang số, ký hiệu này trong năm 2026" in html
    assert "Ngày có hiệu lực không được trước ngày ban hành." in html
    assert LegalDocument.objects.count() == 1


def test_people_without_the_permission_cannot_see_the_register(client, plan):
    admin_client(client, UserFactory(is_staff=True))
    assert client.get(LIST_URL).status_code in (302, 403)


@pytest.fixture
def news_index(db):
    root = Page.get_first_root_node()
    home = HomePage(title="Trang chủ", slug="trang-chu-test")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    index = NewsIndexPage(title="Tin tức", slug="tin-tuc")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def test_article_block_links_its_documents(client, news_index, plan, ubnd, vi):
    replaced = make_document(
        ubnd, "1820/QĐ-UBND", doc_type="quyet-dinh", issued_on=date(2025, 8, 20)
    )
    replaced.replaced_by = plan
    replaced.full_clean()
    replaced.save()
    hidden = make_document(ubnd, "99/KH-UBND", is_public=False)
    article = make_news(
        news_index,
        title="Tỉnh An Lạc ban hành Kế hoạch cải cách hành chính năm 2026",
        body=[
            {
                "type": "legal_documents",
                "value": {"heading": "", "documents": [plan.pk, replaced.pk, hidden.pk]},
            }
        ],
    )
    html = client.get(article.url).content.decode()
    assert "Văn bản liên quan" in html
    assert f'href="{plan.get_absolute_url()}"' in html
    assert "Còn hiệu lực" in html and "Bị thay thế" in html
    assert "99/KH-UBND" not in html


def test_block_survives_a_deleted_document(client, news_index, plan):
    article = make_news(
        news_index,
        title="Bài có văn bản đã xóa",
        body=[{"type": "legal_documents", "value": {"heading": "Căn cứ", "documents": [plan.pk]}}],
    )
    plan.delete()
    response = client.get(article.url)
    assert response.status_code == 200
    assert "Căn cứ" in response.content.decode()
