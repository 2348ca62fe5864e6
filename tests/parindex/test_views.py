"""Who sees what: a unit only its own assessment, appraisers only assigned units, evidence
only through the permission-checked view; the unit's screens and the public results page."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import roles as account_roles
from parindex import services
from parindex.models import Assessment, Score, UnitOfficer
from tests.factories import UnitFactory, UserFactory
from tests.helpers import admin_client

from .conftest import (
    AFTER_ALL,
    DURING_APPRAISAL,
    DURING_SELF,
    build_set,
    fill_and_submit,
    make_appraiser,
)

pytestmark = pytest.mark.usefixtures("vi")


@pytest.fixture
def clock(monkeypatch):
    """Set the server's clock for the views (services read django.utils.timezone.now)."""

    def travel(moment):
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    return travel


PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture
def evidence(index_set, assessment, officer):
    return services.attach_evidence(
        assessment,
        index_set.sub_map["1.1"],
        SimpleUploadedFile("Kế hoạch CCHC.pdf", PDF),
        officer,
        now=DURING_SELF,
    )


def test_unit_officer_works_through_the_form(client, index_set, assessment, officer, clock):
    client.force_login(officer)
    clock(DURING_SELF)
    if True:
        home = client.get(reverse("parindex:home"))
        assert home.status_code == 302
        page = client.get(reverse("parindex:assessment", args=[assessment.pk]))
        assert page.status_code == 200
        assert "Tổng điểm theo lĩnh vực" in page.content.decode()
        area = index_set.sub_map["1.1"].area
        url = reverse("parindex:area", args=[assessment.pk, area.pk])
        sub1, sub2 = index_set.sub_map["1.1"], index_set.sub_map["1.2"]
        response = client.post(
            url,
            {
                f"value-{sub1.pk}": "0,5",
                f"explanation-{sub1.pk}": "Ban hành chậm",
                f"value-{sub2.pk}": "5",
                f"explanation-{sub2.pk}": "Hoàn thành",
            },
        )
        # 5 is above the maximum of 4: nothing of the form is saved, the typed values come back.
        assert response.status_code == 400
        assert "cao hơn điểm tối đa" in response.content.decode()
        assert 'value="0,5"' in response.content.decode()
        assert Score.objects.get(assessment=assessment, sub=sub1).self_score is None
        response = client.post(
            url,
            {
                f"value-{sub1.pk}": "0,5",
                f"explanation-{sub1.pk}": "Ban hành chậm",
                f"value-{sub2.pk}": "4",
                f"explanation-{sub2.pk}": "Hoàn thành",
            },
        )
        assert response.status_code == 302
        assert Score.objects.get(assessment=assessment, sub=sub1).self_score == Decimal("0.5")
        upload = client.post(
            reverse("parindex:upload", args=[assessment.pk, sub1.pk]),
            {"file": SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00not a pdf")},
        )
        assert upload.status_code == 302
        messages = client.get(url).content.decode()
        assert "không phải là tệp .pdf" in messages


def test_a_unit_sees_only_its_own_assessment(client, opened, units, officer):
    client.force_login(officer)
    assert (
        client.get(reverse("parindex:assessment", args=[opened[units[0].pk].pk])).status_code == 200
    )
    assert (
        client.get(reverse("parindex:assessment", args=[opened[units[1].pk].pk])).status_code == 403
    )
    client.logout()
    response = client.get(reverse("parindex:assessment", args=[opened[units[0].pk].pk]))
    assert (
        response.status_code == 302
        and "dang-nhap" in response["Location"]
        or "login" in response["Location"]
    )


def _people(index_set, units, roles):
    coordinators = Group.objects.get(name=account_roles.COORDINATORS)
    editors = Group.objects.get(name=account_roles.EDITORS)
    other_officer = UserFactory(unit=units[1])
    UnitOfficer.objects.create(unit=units[1], person=other_officer)
    coordinator = UserFactory(unit=units[0], is_staff=True)
    coordinator.groups.add(coordinators)
    coordinator.coordinated_units.add(units[0])
    editor = UserFactory(is_staff=True)
    editor.groups.add(editors)
    return {
        "officer of another unit": other_officer,
        "member of the unit": UserFactory(unit=units[0]),
        "coordinator of the unit": coordinator,
        "editor": editor,
        "appraiser of another unit": make_appraiser(index_set, units[1], name="Thẩm định khác"),
    }


def test_evidence_is_refused_to_every_other_role(
    client, index_set, units, evidence, officer, appraiser, roles
):
    url = reverse("parindex:evidence", args=[evidence.pk])
    assert client.get(url).status_code == 403  # logged out
    for role, person in _people(index_set, units, roles).items():
        client.force_login(person)
        assert client.get(url).status_code == 403, role
    for person in (officer, appraiser):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content) == PDF
    organizer = UserFactory(is_staff=True)
    organizer.groups.add(Group.objects.get(name=account_roles.ORGANIZERS))
    client.force_login(organizer)
    assert client.get(url).status_code == 200


def test_appraisers_see_only_assigned_units(client, index_set, opened, units, officer, appraiser):
    fill_and_submit(opened[units[0].pk], officer, index_set.sub_map)
    admin_client(client, appraiser)
    listing = client.get(reverse("parindex_admin:appraisals"))
    assert listing.status_code == 200
    body = listing.content.decode()
    assert units[0].name in body and units[1].name not in body
    assert (
        client.get(reverse("parindex_admin:appraise", args=[opened[units[0].pk].pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("parindex_admin:appraise", args=[opened[units[1].pk].pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("parindex:assessment", args=[opened[units[1].pk].pk])).status_code == 403
    )
    # The organizers' board is not theirs.
    assert client.get(reverse("parindex_admin:board")).status_code in (302, 403)


def test_appraisal_screen_refuses_a_stale_save(
    client, index_set, assessment, officer, appraiser, units, clock
):
    second = make_appraiser(index_set, units[0], name="Phạm Thị Thẩm Định")
    fill_and_submit(assessment, officer, index_set.sub_map)
    sub = index_set.sub_map["1.2"]
    url = reverse("parindex_admin:appraise", args=[assessment.pk])
    admin_client(client, appraiser)
    clock(DURING_APPRAISAL)
    if True:
        ok = client.post(
            url, {"version": "0", f"appraised-{sub.pk}": "3", f"comment-{sub.pk}": "Thiếu"}
        )
        assert ok.status_code == 302
        admin_client(client, second)
        stale = client.post(
            url, {"version": "0", f"appraised-{sub.pk}": "1", f"comment-{sub.pk}": ""}
        )
    assert stale.status_code == 409
    assert "tải lại trang" in stale.content.decode()
    assert Score.objects.get(assessment=assessment, sub=sub).appraised_score == Decimal("3")


def test_organizer_board_counts_units_by_status(client, index_set, opened, units, officer, roles):
    fill_and_submit(opened[units[0].pk], officer, index_set.sub_map)
    organizer = UserFactory(is_staff=True)
    organizer.groups.add(Group.objects.get(name=account_roles.ORGANIZERS))
    admin_client(client, organizer)
    response = client.get(reverse("parindex_admin:board"), {"bo": index_set.pk})
    assert response.status_code == 200
    counts = {label: n for value, label, n in response.context["counts"]}
    assert counts["đã nộp"] == 1 and counts["chưa bắt đầu"] == 2


def _published(n, level=None):
    index_set = build_set(level=level, year=2025)
    units = [UnitFactory(name=f"Ủy ban nhân dân xã Kết Quả {i}") for i in range(n)]
    services.open_assessments(index_set, units)
    for i, assessment in enumerate(Assessment.objects.filter(index_set=index_set)):
        Score.objects.filter(assessment=assessment).update(self_score=Decimal(i % 2))
    services.publish(index_set, None, now=AFTER_ALL)
    return index_set, units


@pytest.mark.parametrize("size", [3, 30])
def test_results_page_query_count_is_constant(db, client, size, django_assert_max_num_queries):
    index_set, units = _published(size)
    url = reverse("parindex:results", args=[2025, index_set.level.code])
    client.get(url)  # warm the site-wide caches (settings, menus)
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kết quả Chỉ số CCHC năm 2025" in body
    assert body.split("</table>")[0].count("Ủy ban nhân dân xã Kết Quả") == size
    assert "tai-lieu" not in body  # never the evidence
    sheet = client.get(reverse("parindex:results_xlsx", args=[2025, index_set.level.code]))
    assert sheet.status_code == 200
    assert sheet["Content-Type"].startswith("application/vnd.openxmlformats")


def test_unit_result_page_and_unpublished_sets(client, index_set):
    published, units = _published(2)
    url = reverse("parindex:unit_result", args=[2025, published.level.code, units[0].pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Điểm theo lĩnh vực" in response.content.decode()
    # The 2026 set is not published: no public page.
    assert (
        client.get(reverse("parindex:results", args=[2026, index_set.level.code])).status_code
        == 404
    )
