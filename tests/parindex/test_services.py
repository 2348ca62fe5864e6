"""Self-assessment, evidence, submission, appraisal and results: every bad input of the issue
gives a clear Vietnamese message and writes nothing."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from common.storage import PrivateFileURLError
from parindex import services
from parindex.errors import ParIndexError
from parindex.models import Assessment, Evidence, Score

from .conftest import (
    AFTER_ALL,
    APPRAISAL_CLOSES,
    DURING_ANSWERS,
    DURING_APPRAISAL,
    DURING_SELF,
    SELF_CLOSES,
    SELF_OPENS,
    build_set,
    fill_and_submit,
    make_appraiser,
    self_entries,
)

pytestmark = pytest.mark.usefixtures("vi")
D = Decimal
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def score(assessment, sub):
    return Score.objects.get(assessment=assessment, sub=sub)


# ------------------------------------------------------------------ points


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("0,5", D("0.5")), ("0.5", D("0.5")), (" 1,25 ", D("1.25")), ("2", D("2"))],
)
def test_comma_and_point_decimals_are_read(index_set, assessment, officer, typed, expected):
    subs = index_set.sub_map
    services.save_self_scores(
        assessment, officer, self_entries(subs, {"1.1": typed}), now=DURING_SELF
    )
    assert score(assessment, subs["1.1"]).self_score == expected


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("2,5", "cao hơn điểm tối đa"),
        ("-1", "không được âm"),
        ("abc", "không phải là số điểm"),
        ("NaN", "không phải là số điểm"),
        ("0,125", "hai chữ số thập phân"),
    ],
)
def test_bad_points_are_refused_and_nothing_is_saved(
    index_set, assessment, officer, typed, fragment
):
    subs = index_set.sub_map
    entries = self_entries(subs, {"1.2": "3", "1.1": typed})
    with pytest.raises(ParIndexError) as error:
        services.save_self_scores(assessment, officer, entries, now=DURING_SELF)
    assert fragment in error.value.message
    # The good entry of the same form was not saved either.
    assert score(assessment, subs["1.2"]).self_score is None


def test_a_guidance_level_gives_its_points(index_set, assessment, officer):
    sub = index_set.sub_map["1.1"]
    services.save_self_scores(
        assessment,
        officer,
        {sub.pk: {"level": "1", "explanation": "Chậm 5 ngày."}},
        now=DURING_SELF,
    )
    saved = score(assessment, sub)
    assert (saved.self_score, saved.level_label) == (D("1"), "Ban hành chậm")
    with pytest.raises(ParIndexError, match="mức"):
        services.save_self_scores(assessment, officer, {sub.pk: {"level": "9"}}, now=DURING_SELF)


def test_a_score_needs_evidence_or_an_explanation(index_set, assessment, officer):
    sub = index_set.sub_map["1.1"]
    with pytest.raises(ParIndexError) as error:
        services.save_self_scores(assessment, officer, {sub.pk: {"value": "2"}}, now=DURING_SELF)
    assert "giải trình" in error.value.message
    services.attach_evidence(
        assessment, sub, SimpleUploadedFile("kh.pdf", PDF), officer, now=DURING_SELF
    )
    services.save_self_scores(assessment, officer, {sub.pk: {"value": "2"}}, now=DURING_SELF)
    assert score(assessment, sub).self_score == 2


def test_survey_points_cannot_be_self_scored(index_set, assessment, officer):
    with pytest.raises(ParIndexError, match="điều tra"):
        services.save_self_scores(
            assessment, officer, self_entries(index_set.sub_map, {"2.2": "1"}), now=DURING_SELF
        )


@pytest.mark.parametrize("moment", [SELF_OPENS.replace(day=1, month=1), SELF_CLOSES, AFTER_ALL])
def test_outside_the_window_nothing_is_saved(index_set, assessment, officer, moment):
    with pytest.raises(ParIndexError) as error:
        services.save_self_scores(
            assessment, officer, self_entries(index_set.sub_map, {"1.1": "1"}), now=moment
        )
    assert error.value.code in ("self_not_open", "self_closed")
    assert score(assessment, index_set.sub_map["1.1"]).self_score is None


def test_only_the_units_officers_self_assess(index_set, opened, units, officer):
    other = opened[units[1].pk]
    with pytest.raises(ParIndexError, match="không phải cán bộ"):
        services.save_self_scores(
            other, officer, self_entries(index_set.sub_map, {"1.1": "1"}), now=DURING_SELF
        )


# ------------------------------------------------------------------ evidence


def test_evidence_is_stored_privately(index_set, assessment, officer):
    evidence = services.attach_evidence(
        assessment,
        index_set.sub_map["1.1"],
        SimpleUploadedFile("Kế hoạch.pdf", PDF),
        officer,
        now=DURING_SELF,
    )
    assert evidence.original_name == "Kế hoạch.pdf"
    assert evidence.file.storage.exists(evidence.file.name)
    with pytest.raises(PrivateFileURLError):
        evidence.file.url  # noqa: B018


def test_a_program_renamed_pdf_is_refused(index_set, assessment, officer):
    program = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(ParIndexError) as error:
        services.attach_evidence(
            assessment, index_set.sub_map["1.1"], program, officer, now=DURING_SELF
        )
    assert error.value.code == "file_content"
    assert "không phải là tệp .pdf" in error.value.message
    assert not Evidence.objects.exists()


def test_other_types_are_refused(index_set, assessment, officer):
    with pytest.raises(ParIndexError, match="PDF"):
        services.attach_evidence(
            assessment,
            index_set.sub_map["1.1"],
            SimpleUploadedFile("x.exe", b"MZ"),
            officer,
            now=DURING_SELF,
        )


class HugeUpload(io.BytesIO):
    """200 MB by its declared size; reading it would be a failure of the check."""

    name = "ho-so.pdf"
    size = 200 * 1024 * 1024

    def read(self, *args):
        raise AssertionError("the file was read before its size was checked")


def test_200_mb_is_refused_by_size_before_reading(index_set, assessment, officer):
    with pytest.raises(ParIndexError) as error:
        services.attach_evidence(
            assessment, index_set.sub_map["1.1"], HugeUpload(), officer, now=DURING_SELF
        )
    assert error.value.code == "file_too_large"
    assert "200" in error.value.message


def test_images_and_office_files_are_accepted(index_set, assessment, officer):
    png = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    services.attach_evidence(assessment, index_set.sub_map["1.1"], png, officer, now=DURING_SELF)
    assert Evidence.objects.count() == 1


# ------------------------------------------------------------------ submit, reopen


def test_submit_needs_every_self_assessed_point(index_set, assessment, officer):
    services.save_self_scores(
        assessment, officer, self_entries(index_set.sub_map, {"1.1": "2"}), now=DURING_SELF
    )
    with pytest.raises(ParIndexError, match="2"):
        services.submit(assessment, officer, now=DURING_SELF)


def test_submitted_is_read_only_until_reopened(index_set, assessment, officer, roles):
    fill_and_submit(assessment, officer, index_set.sub_map)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.approved_by_name == "Nguyễn Văn Trưởng"
    assert assessment.approved_at == DURING_SELF
    with pytest.raises(ParIndexError, match="chỉ xem"):
        services.save_self_scores(
            assessment, officer, self_entries(index_set.sub_map, {"1.1": "1"}), now=DURING_SELF
        )
    services.reopen(assessment, officer, reason="Thiếu tài liệu", now=DURING_SELF)
    entry = ModelLogEntry.objects.get(action="parindex.reopen")
    assert entry.data["reason"] == "Thiếu tài liệu"
    services.save_self_scores(
        assessment, officer, self_entries(index_set.sub_map, {"1.1": "1"}), now=DURING_SELF
    )


def test_submission_after_the_deadline_is_refused(index_set, assessment, officer):
    services.save_self_scores(
        assessment,
        officer,
        self_entries(index_set.sub_map, {"1.1": "2", "1.2": "3", "2.1": "3"}),
        now=DURING_SELF,
    )
    with pytest.raises(ParIndexError, match="hết hạn|đã đóng"):
        services.submit(assessment, officer, now=SELF_CLOSES)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS


# ------------------------------------------------------------------ appraisal


def test_appraisers_never_get_their_own_unit(index_set, units):
    from tests.factories import UserFactory

    person = UserFactory(unit=units[0])
    with pytest.raises(ParIndexError, match="đơn vị của mình"):
        services.assign_appraiser(index_set, units[0], person)


def test_two_appraisers_do_not_overwrite_each_other(
    index_set, assessment, officer, appraiser, units
):
    second = make_appraiser(index_set, units[0], name="Phạm Thị Thẩm Định")
    fill_and_submit(assessment, officer, index_set.sub_map)
    sub = index_set.sub_map["1.2"]
    seen = assessment.version
    services.appraise(
        assessment,
        appraiser,
        {sub.pk: {"value": "3", "comment": "Thiếu báo cáo quý"}},
        seen,
        now=DURING_APPRAISAL,
    )
    with pytest.raises(ParIndexError) as error:
        services.appraise(
            assessment,
            second,
            {sub.pk: {"value": "1", "comment": "Sai"}},
            seen,
            now=DURING_APPRAISAL,
        )
    assert error.value.code == "stale"
    assert "Lê Văn Thẩm Định" in error.value.message
    assert "tải lại trang" in error.value.message
    saved = score(assessment, sub)
    assert (saved.appraised_score, saved.appraiser_comment) == (D("3"), "Thiếu báo cáo quý")
    # With the new version, the second appraiser's save goes through.
    services.appraise(
        assessment,
        second,
        {sub.pk: {"value": "2,5", "comment": ""}},
        seen + 1,
        now=DURING_APPRAISAL,
    )
    assert score(assessment, sub).appraised_score == D("2.5")


def test_an_unassigned_appraiser_is_refused(index_set, opened, units, officer, appraiser):
    other = opened[units[1].pk]
    with pytest.raises(ParIndexError, match="phân công"):
        services.appraise(other, appraiser, {}, 0, now=DURING_APPRAISAL)


def test_answer_window_and_final_decision(index_set, assessment, officer, appraiser):
    fill_and_submit(assessment, officer, index_set.sub_map)
    sub = index_set.sub_map["1.2"]
    services.appraise(
        assessment,
        appraiser,
        {sub.pk: {"value": "2", "comment": "Chưa đạt"}},
        0,
        now=DURING_APPRAISAL,
    )
    with pytest.raises(ParIndexError) as error:
        services.answer(assessment, officer, {sub.pk: "Đã hoàn thành"}, now=DURING_APPRAISAL)
    assert error.value.code == "answer_not_open"
    services.answer(assessment, officer, {sub.pk: "Đã hoàn thành, xem phụ lục"}, now=DURING_ANSWERS)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.ANSWERED
    with pytest.raises(ParIndexError, match="không thay đổi"):
        services.answer(assessment, officer, {index_set.sub_map["1.1"].pk: "x"}, now=DURING_ANSWERS)
    version = assessment.version
    entries = {s.pk: "3" if s.pk == sub.pk else "" for s in index_set.sub_map.values()}
    services.decide(assessment, appraiser, entries, version, now=DURING_ANSWERS)
    assert score(assessment, sub).final_score == D("3")


def test_appraisal_closes(index_set, assessment, officer, appraiser):
    fill_and_submit(assessment, officer, index_set.sub_map)
    with pytest.raises(ParIndexError, match="kết thúc"):
        services.appraise(assessment, appraiser, {}, 0, now=APPRAISAL_CLOSES)


# ------------------------------------------------------------------ results


def _set_scores(assessment, points):
    Score.objects.filter(assessment=assessment).update(self_score=None)
    for number, value in points.items():
        Score.objects.filter(assessment=assessment, sub__number=number).update(self_score=D(value))


def test_results_rank_ties_together_and_publish(index_set, opened, units, officer):
    a, b, c = (opened[u.pk] for u in units)
    _set_scores(a, {"1.1": "2", "1.2": "4", "2.1": "3", "2.2": "1"})  # 10 → 100
    _set_scores(b, {"1.1": "1", "1.2": "3", "2.1": "2"})  # 6
    _set_scores(c, {"1.1": "2", "1.2": "2", "2.1": "1", "2.2": "1"})  # 6
    Score.objects.filter(assessment=c, sub__number="1.2").update(appraised_score=D("1"))  # 5
    Score.objects.filter(assessment=c, sub__number="1.2").update(final_score=D("2"))  # 6 again
    rows = {row["pk"]: row for row in services.results(index_set)}
    assert (
        rows[a.pk]["rank"] == 1
        and rows[a.pk]["index"] == D("100.00")
        and rows[a.pk]["band"] == "Tốt"
    )
    assert rows[b.pk]["rank"] == rows[c.pk]["rank"] == 2
    assert rows[b.pk]["band"] == "Trung bình"
    with pytest.raises(ParIndexError, match="sau"):
        services.publish(index_set, officer, now=DURING_ANSWERS)
    services.publish(index_set, officer, now=AFTER_ALL)
    a.refresh_from_db()
    assert (a.rank, a.total, a.index_value, a.band) == (1, D("10"), D("100"), "Tốt")
    with pytest.raises(ParIndexError):
        services.save_self_scores(a, officer, {}, now=DURING_SELF)


def test_results_read_only_the_sets_score_rows_by_their_own_column(index_set, opened, units):
    """Scale: the totals come from the score rows of the set alone, picked by the set kept on
    each row, with no join to (or IN over) the assessments; another set's rows do not count."""
    other = build_set(level=index_set.level, year=index_set.year + 1)
    services.open_assessments(other, units)
    assert not Score.objects.exclude(index_set=F("assessment__index_set")).exists()
    Score.objects.filter(index_set=other).update(self_score=D("1"))
    with CaptureQueriesContext(connection) as queries:
        rows = services.results(index_set)
    assert len(queries.captured_queries) == 2  # the totals and the set's bands
    totals = next(q["sql"] for q in queries.captured_queries if "SUM" in q["sql"].upper())
    assert "parindex_assessment" not in totals
    assert {row["total"] for row in rows} == {D("0")}


def test_maxima_that_do_not_add_up_are_named(index_set):
    assert services.maxima_problems(index_set) == []
    index_set.sub_map["1.2"].max_points = D("3")
    index_set.sub_map["1.2"].save()
    with pytest.raises(ParIndexError) as error:
        services.open_assessments(index_set)
    assert "1: 6 ≠ Σ 5" in error.value.message


def test_copy_last_years_set(index_set):
    new = services.copy_previous(index_set.level, 2027)
    assert new.subs.count() == 4 and new.bands.count() == 4
    assert services.maxima_problems(new) == []
    with pytest.raises(ParIndexError, match="Đã có"):
        services.copy_previous(index_set.level, 2027)


def test_reminders_go_after_commit_to_units_that_have_not_submitted(
    index_set, opened, units, officer, django_capture_on_commit_callbacks, mailoutbox
):
    from parindex.models import UnitOfficer
    from tests.factories import UserFactory

    submitted_officer = UserFactory(unit=units[1])
    UnitOfficer.objects.create(unit=units[1], person=submitted_officer)
    fill_and_submit(opened[units[1].pk], submitted_officer, index_set.sub_map)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.send_reminders(index_set, officer) == 2
    assert mailoutbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert [message.to for message in mailoutbox] == [[officer.email]]
    assert "chưa nộp" in mailoutbox[0].subject
