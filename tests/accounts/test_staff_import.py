"""The organizers confirm units from the units' staff lists: preview, per-row errors, confirm."""

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook

from accounts import importers, roles
from accounts.models import User
from tests.factories import UnitFactory, UserFactory
from tests.helpers import admin_client

URL = "/admin/don-vi/can-bo/nhap/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer(db):
    call_command("setup_roles", verbosity=0)
    person = UserFactory(is_staff=True)
    person.groups.add(Group.objects.get(name=roles.ORGANIZERS))
    return person


@pytest.fixture
def ward(db):
    return UnitFactory(code="P-TRUNGTAM", name="Ủy ban nhân dân phường Trung Tâm")


def staff_csv(*lines, header="email,ho_ten,ma_don_vi"):
    return SimpleUploadedFile("can-bo.csv", "\n".join([header, *lines]).encode())


def test_preview_then_confirm(client, organizer, ward, vi, django_capture_on_commit_callbacks):
    claimant = UserFactory(
        email="an@anlac.gov.vn", full_name="Nguyễn Văn An", unit=ward, unit_confirmed_at=None
    )
    mover = UserFactory(email="bich@anlac.gov.vn", full_name="Trần Thị Bích")
    settled = UserFactory(email="cuong@anlac.gov.vn", full_name="Lê Quang Cường", unit=ward)
    before = settled.unit_confirmed_at
    admin_client(client, organizer)
    upload = staff_csv(
        "An@AnLac.gov.vn,Nguyen Van An,P-TRUNGTAM",  # case and tone marks aside: the same
        "bich@anlac.gov.vn,Trần Thị Bích,P-TRUNGTAM",
        "cuong@anlac.gov.vn,Lê Quang Cường,P-TRUNGTAM",
        "moi@anlac.gov.vn,Hà Thị Thảo,P-TRUNGTAM",
    )
    response = client.post(URL, {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Xác nhận đơn vị" in body and "Đổi đơn vị và xác nhận" in body
    assert "Đã được xác nhận" in body and "Chưa có tài khoản" in body
    assert "Sẽ xác nhận đơn vị cho 2 người" in body
    # Nothing is written by the preview.
    assert User.objects.get(pk=claimant.pk).unit_confirmed_at is None
    assert User.objects.get(pk=mover.pk).unit != ward
    token = re.search(r'name="token" value="([0-9a-f]+)"', body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"token": token})
    assert response.status_code == 302
    claimant.refresh_from_db()
    mover.refresh_from_db()
    settled.refresh_from_db()
    assert claimant.unit_is_confirmed and claimant.unit_confirmed_by == organizer
    assert mover.unit == ward and mover.unit_is_confirmed
    assert settled.unit_confirmed_at == before
    assert not User.objects.filter(email="moi@anlac.gov.vn").exists()
    from django.core import mail

    assert sorted(m.to[0] for m in mail.outbox) == ["an@anlac.gov.vn", "bich@anlac.gov.vn"]
    # The token is used up.
    assert "hết hạn" in client.post(URL, {"token": token}, follow=True).content.decode()


def test_every_broken_row_is_reported_and_nothing_can_be_saved(ward, vi):
    UserFactory(email="an@anlac.gov.vn", full_name="Nguyễn Văn An", unit_confirmed_at=None)
    UnitFactory(code="H-CU", valid_to="2025-06-30")
    preview = importers.parse_staff_list(
        staff_csv(
            "an@anlac.gov.vn,Nguyễn Văn Ân Sai,P-TRUNGTAM",
            "khong-phai-email,Ai Đó,P-TRUNGTAM",
            ",Ai Đó,P-TRUNGTAM",
            "hai@anlac.gov.vn,,KHONGCO",
            "ba@anlac.gov.vn,Ba Bốn,H-CU",
            "an@anlac.gov.vn,Nguyễn Văn An,P-TRUNGTAM",
        )
    )
    errors = {(row.row, column) for row in preview.rows for column, _message in row.errors}
    assert errors == {
        (2, "ho_ten"),
        (3, "email"),
        (4, "email"),
        (5, "ho_ten"),
        (5, "ma_don_vi"),
        (6, "ma_don_vi"),
        (7, "email"),
    }
    messages = " ".join(message for row in preview.rows for _column, message in row.errors)
    assert "không khớp" in messages and "Nguyễn Văn An" in messages
    assert "đã có ở dòng 2" in messages
    assert preview.error_count == 7


def test_the_admin_page_shows_errors_and_offers_no_save(client, organizer, ward, vi):
    admin_client(client, organizer)
    body = client.post(URL, {"file": staff_csv("x,Ai Đó,KHONGCO")}).content.decode()
    assert "Chưa thể lưu" in body and 'name="token"' not in body
    body = client.post(URL, {"file": staff_csv("x", header="email")}).content.decode()
    assert "ho_ten" in body and "ma_don_vi" in body  # missing columns named


def test_only_organizers_may_import(client, ward):
    staff = UserFactory(is_staff=True)
    call_command("setup_roles", verbosity=0)
    staff.groups.add(Group.objects.get(name=roles.EDITORS))
    claimant = UserFactory(email="a@b.vn", full_name="A B", unit=ward, unit_confirmed_at=None)
    admin_client(client, staff)
    # Wagtail's admin answers a refused permission with a redirect to its dashboard.
    for response in (
        client.get(URL),
        client.post(URL, {"file": staff_csv("a@b.vn,A B,P-TRUNGTAM")}),
        client.get(URL + "mau.xlsx"),
    ):
        assert (response.status_code, response.url) == (302, "/admin/")
    assert User.objects.get(pk=claimant.pk).unit_confirmed_at is None


def test_template_download(client, organizer):
    admin_client(client, organizer)
    response = client.get(URL + "mau.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == ["email", "ho_ten", "ma_don_vi"]
