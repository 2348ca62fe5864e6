"""An index set in and out as .xlsx; survey scores from .xlsx; criteria computed from courses."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from accounts import roles as account_roles
from parindex import importers, services
from parindex.errors import ParIndexError
from parindex.models import Area, IndexSet, Score, SubCriterion
from tests.factories import UserFactory
from tests.helpers import admin_client

from .conftest import build_set

pytestmark = pytest.mark.usefixtures("vi")
HEADERS = ["STT", "Nội dung", "Điểm tối đa", "Hướng dẫn chấm", "Tài liệu kiểm chứng", "Phương thức"]
GOOD = [
    ["I", "Công tác chỉ đạo, điều hành", 6, "", "", ""],
    ["1", "Kế hoạch CCHC", 6, "", "", ""],
    [
        "1.1",
        "Ban hành kế hoạch",
        2,
        "Ban hành đúng hạn: 2; chậm: 0,5; không ban hành: 0",
        "Kế hoạch",
        "",
    ],
    ["1.2", "Thực hiện kế hoạch", 4, "", "Báo cáo", "tự chấm"],
    ["II", "Kết quả", 4, "", "", ""],
    ["2", "Hài lòng", 4, "", "", ""],
    ["2.1", "Chỉ số SIPAS", 4, "", "", "điều tra"],
]


def xlsx(rows, headers=HEADERS, name="bo-chi-so.xlsx"):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def empty_set(db):
    from parindex.models import Level

    level = Level.objects.create(code="cap-so", name="Cấp sở", unit_kinds="department")
    return IndexSet.objects.create(
        year=2026, level=level, title="Bộ chỉ số cấp sở", max_total=Decimal("10")
    )


def test_a_good_file_reads_into_a_tree_and_saves(empty_set):
    tree, errors = importers.read_set(xlsx(GOOD), empty_set.max_total)
    assert errors == []
    importers.save_set(empty_set, tree)
    assert Area.objects.filter(index_set=empty_set).count() == 2
    sub = SubCriterion.objects.get(index_set=empty_set, number="1.1")
    assert sub.guidance == [["Ban hành đúng hạn", 2.0], ["chậm", 0.5], ["không ban hành", 0.0]]
    assert SubCriterion.objects.get(index_set=empty_set, number="2.1").method == "survey"
    assert services.maxima_problems(empty_set) == []
    # Out again in the same layout.
    rows = importers.export_rows(empty_set)
    assert rows[2][:4] == [
        "1.1",
        "Ban hành kế hoạch",
        Decimal("2.00"),
        "Ban hành đúng hạn: 2; chậm: 0,5; không ban hành: 0",
    ]


def test_points_that_do_not_add_up_are_named_by_row(empty_set):
    rows = [list(r) for r in GOOD]
    rows[3][2] = 3  # 1.2 now 3: criterion 1 is 6 ≠ 2 + 3
    tree, errors = importers.read_set(xlsx(rows), empty_set.max_total)
    assert errors == [(3, "1: điểm tối đa 6.00 không bằng tổng các phần (5.00).")]


def test_bad_rows_are_each_reported(empty_set):
    rows = [list(r) for r in GOOD]
    rows[4][0] = "A"
    rows[2][2] = "-1"
    rows[3][5] = "bốc thăm"
    _tree, errors = importers.read_set(xlsx(rows), empty_set.max_total)
    assert [row for row, _message in errors] == [4, 5, 6]
    assert "âm" in errors[0][1] and "phương thức" in errors[1][1] and "STT" in errors[2][1]


def test_a_file_that_is_not_a_workbook_is_refused(empty_set):
    with pytest.raises(ParIndexError, match="Excel"):
        importers.read_set(
            SimpleUploadedFile("bo.xlsx", b"PK\x03\x04 not really"), empty_set.max_total
        )


def test_import_screen_previews_then_imports(client, empty_set, roles):
    organizer = UserFactory(is_staff=True)
    organizer.groups.add(Group.objects.get(name=account_roles.ORGANIZERS))
    admin_client(client, organizer)
    url = reverse("parindex_admin:import")
    bad = [list(r) for r in GOOD]
    bad[2][2] = 5
    response = client.post(url, {"set": empty_set.pk, "file": xlsx(bad)})
    assert response.status_code == 400
    assert "không bằng tổng" in response.content.decode()
    assert not Area.objects.filter(index_set=empty_set).exists()
    response = client.post(url, {"set": empty_set.pk, "file": xlsx(GOOD)})
    assert response.status_code == 200
    assert not Area.objects.filter(index_set=empty_set).exists()  # only a preview
    response = client.post(url, {"set": empty_set.pk, "confirm": "1"})
    assert response.status_code == 302
    assert SubCriterion.objects.filter(index_set=empty_set).count() == 3
    export = client.get(reverse("parindex_admin:export", args=[empty_set.pk]))
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [c.value for c in sheet[1]] == HEADERS


def test_survey_scores_all_or_nothing(index_set, opened, units, officer):
    survey = index_set.sub_map["2.2"]
    good = xlsx(
        [[units[0].code, "2.2", "0,75"], [units[1].code, "2.2", 1]],
        headers=["Mã đơn vị", "STT", "Điểm"],
    )
    bad = xlsx(
        [[units[0].code, "2.2", "0,5"], [units[1].code, "2.2", 3], ["KHONG-CO", "2.2", 1]],
        headers=["Mã đơn vị", "STT", "Điểm"],
    )
    with pytest.raises(ParIndexError) as error:
        services.import_survey_scores(index_set, bad, officer)
    assert [row for row, _m in error.value.rows] == [3, 4]
    assert not Score.objects.filter(sub=survey, self_score__isnull=False).exists()
    assert services.import_survey_scores(index_set, good, officer) == {"saved": 2}
    assert Score.objects.get(sub=survey, assessment__unit=units[0]).self_score == Decimal("0.75")


def test_computed_training_criterion(db, units):
    from courses.models import Registration
    from tests.courses.factories import CourseFactory

    index_set = build_set(year=timezone.now().year)
    sub = index_set.sub_map["2.1"]
    sub.method, sub.metric, sub.thresholds = "computed", "training", [[50, 3], [25, 1.5]]
    sub.save()
    services.open_assessments(index_set, units)
    staff = [UserFactory(unit=units[0]) for _ in range(4)]
    course = CourseFactory()
    for person in staff[:2]:
        Registration.objects.create(
            course=course,
            person=person,
            status=Registration.Status.COMPLETED,
            completed_at=timezone.now(),
        )
    UserFactory(unit=units[1])
    services.compute_metrics(index_set)
    first = Score.objects.get(sub=sub, assessment__unit=units[0])
    assert (first.computed_value, first.self_score) == (Decimal("50.00"), Decimal("3.00"))
    assert Score.objects.get(sub=sub, assessment__unit=units[1]).self_score == 0
