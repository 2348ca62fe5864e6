import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook

from accounts import roles
from accounts.models import Unit
from tests.factories import UnitFactory, UserFactory
from tests.helpers import admin_client

HEADER = "ma,ten,loai,nhom,ma_don_vi_cha,bien_che,hieu_luc_tu,hieu_luc_den,ma_tien_than"


@pytest.fixture
def organizer(db):
    call_command("setup_roles", verbosity=0)
    person = UserFactory(is_staff=True)
    person.groups.add(Group.objects.get(name=roles.ORGANIZERS))
    return person


def test_organizer_imports_units_from_the_admin(client, organizer):
    admin_client(client, organizer)
    page = client.get("/admin/don-vi/nhap/")
    assert page.status_code == 200
    assert "Nhập danh sách đơn vị" in page.content.decode()
    upload = SimpleUploadedFile("dv.csv", f"{HEADER}\nAL,Tỉnh An Lạc,tinh,,,0,,,\n".encode())
    response = client.post("/admin/don-vi/nhap/", {"file": upload})
    assert response.status_code == 302
    assert Unit.objects.filter(code="AL").exists()


def test_broken_rows_are_listed_and_nothing_is_saved(client, organizer):
    admin_client(client, organizer)
    upload = SimpleUploadedFile(
        "dv.csv", f"{HEADER}\nAL,Tỉnh An Lạc,tinh,,,0,,,\nX1,Xã,xa,,KHONGCO,1,,,\n".encode()
    )
    response = client.post("/admin/don-vi/nhap/", {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Không lưu gì" in body and "KHONGCO" in body
    # The organizer's own unit is the only one; the good row of the broken file was not kept.
    assert list(Unit.objects.values_list("code", flat=True)) == [organizer.unit.code]


def test_oversized_upload_gets_a_message_at_the_field(client, organizer, settings):
    settings.MAX_UPLOAD_SIZE = 1000
    admin_client(client, organizer)
    upload = SimpleUploadedFile("dv.csv", b"ma,ten,loai\n" + b"x" * 5000)
    response = client.post("/admin/don-vi/nhap/", {"file": upload})
    assert "quá lớn" in response.content.decode()


def test_template_download_opens_in_excel(client, organizer):
    admin_client(client, organizer)
    response = client.get("/admin/don-vi/nhap/mau.xlsx")
    sheet = load_workbook(__import__("io").BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]][:3] == ["ma", "ten", "loai"]


def test_people_without_the_permission_cannot_import(client, db):
    editor = UserFactory(is_staff=True)
    call_command("setup_roles", verbosity=0)
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    admin_client(client, editor)
    assert client.get("/admin/don-vi/nhap/").status_code in (302, 403)


def test_unit_admin_search_ignores_tone_marks(client, organizer):
    UnitFactory(name="Ủy ban nhân dân xã Đông Hải", code="X-DONGHAI")
    UnitFactory(name="Sở Tư pháp", code="STP")
    admin_client(client, organizer)
    body = client.get("/admin/snippets/accounts/unit/", {"q": "dong hai"}).content.decode()
    assert "Đông Hải" in body and "Sở Tư pháp" not in body


def test_import_screen_has_the_admin_header_and_a_way_back_to_the_units(client, organizer):
    from django.urls import reverse

    admin_client(client, organizer)
    body = client.get(reverse("accounts_import_units")).content.decode()
    assert "<title>Nhập danh sách đơn vị" in body
    assert f'href="{reverse("wagtailsnippets_accounts_unit:list")}"' in body
    assert reverse("accounts_units_template") in body
