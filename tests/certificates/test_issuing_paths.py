"""Every way a certificate gets issued: a course, a registration, a prize, a full score, and the
receivers of the courses and contests signals (with the real services sending them)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from certificates import services
from certificates.errors import CertificateError
from certificates.models import Certificate
from contests import certificates as contest_certificates
from contests import services as contest_services
from contests.models import Attempt, Prize
from courses import certificates as course_certificates
from courses import services as course_services
from courses.models import Registration
from tests.certificates.factories import CertificateTemplateFactory
from tests.contests.factories import EntrantGroupFactory, EntryFactory, RoundFactory, quota
from tests.courses.factories import CourseFactory, SessionFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

T0 = timezone.now().replace(microsecond=0) - dt.timedelta(days=10)


# ------------------------------------------------------------------------------------------
# Courses
# ------------------------------------------------------------------------------------------


def course_with(*, template=None, statuses=(), scores=()):
    course = CourseFactory(sessions=0, certificate_template=template)
    SessionFactory(course=course, date=timezone.localdate() - dt.timedelta(days=3))
    SessionFactory(course=course, date=timezone.localdate() - dt.timedelta(days=2))
    registrations = []
    for index, status in enumerate(statuses):
        score = scores[index] if index < len(scores) else None
        registrations.append(
            Registration.objects.create(
                person=UserFactory(full_name=f"Nguyễn Văn Học Viên {index}"),
                course=course,
                status=status,
                final_test_score=score,
            )
        )
    return course, registrations


def test_issue_for_course_issues_to_completed_registrations_only_and_once():
    template = CertificateTemplateFactory()
    done, other = Registration.Status.COMPLETED, Registration.Status.NOT_COMPLETED
    course, registrations = course_with(
        template=template, statuses=[done, done, other, Registration.Status.CONFIRMED]
    )
    result = course_certificates.issue_for_course(course)
    assert (result.issued, result.skipped) == (2, 0)
    holders = set(Certificate.objects.values_list("holder_id", flat=True))
    assert holders == {registrations[0].person_id, registrations[1].person_id}
    certificate = Certificate.objects.get(holder=registrations[0].person)
    assert certificate.source_kind == course_certificates.KIND
    assert certificate.source_id == course.pk
    assert certificate.group_key == f"course:{course.pk}"
    assert certificate.achievement == course.title
    assert certificate.template == template
    # Running it again issues nothing new.
    again = course_certificates.issue_for_course(course)
    assert (again.issued, again.skipped) == (0, 2)
    assert Certificate.objects.count() == 2


def test_issue_for_course_without_a_template_is_refused():
    course, _registrations = course_with(statuses=[Registration.Status.COMPLETED])
    with pytest.raises(CertificateError) as excinfo:
        course_certificates.issue_for_course(course)
    assert excinfo.value.code == "no_template"
    assert not Certificate.objects.exists()


def test_issue_for_registration_prints_the_course_dates_and_the_grade():
    template = CertificateTemplateFactory()
    course, (registration,) = course_with(
        template=template, statuses=[Registration.Status.COMPLETED], scores=[Decimal("9.5")]
    )
    certificate = course_certificates.issue_for_registration(registration)
    first = timezone.localdate() - dt.timedelta(days=3)
    last = first + dt.timedelta(days=1)
    assert certificate.period == (
        f"từ ngày {first.strftime('%d/%m/%Y')} đến ngày {last.strftime('%d/%m/%Y')}"
    )
    assert certificate.grade == "Xuất sắc"
    assert f"Xếp loại: {certificate.grade}" in certificate.body_text
    with pytest.raises(CertificateError) as excinfo:
        course_certificates.issue_for_registration(registration)
    assert excinfo.value.code == "already_issued"


def test_issue_for_registration_refuses_an_unconfirmed_completion_and_a_missing_template():
    course, (confirmed,) = course_with(statuses=[Registration.Status.CONFIRMED])
    with pytest.raises(CertificateError) as excinfo:
        course_certificates.issue_for_registration(confirmed, template=CertificateTemplateFactory())
    assert excinfo.value.code == "not_completed"
    confirmed.status = Registration.Status.COMPLETED
    with pytest.raises(CertificateError) as excinfo:
        course_certificates.issue_for_registration(confirmed)
    assert excinfo.value.code == "no_template"
    # An explicit template is used when the course has none.
    template = CertificateTemplateFactory()
    assert (
        course_certificates.issue_for_registration(confirmed, template=template).template
        == template
    )


def test_confirming_a_completion_issues_the_certificate_automatically(
    django_capture_on_commit_callbacks,
):
    template = CertificateTemplateFactory()
    course = CourseFactory(sessions=0, certificate_template=template)
    session = SessionFactory(course=course, date=timezone.localdate() - dt.timedelta(days=1))
    person = UserFactory(full_name="Phạm Thị Thu Hằng")
    organizer = UserFactory(is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        registration = course_services.register(person, course)
    course_services.mark_attendance(session, {registration.pk: "present"}, by=organizer)
    with django_capture_on_commit_callbacks(execute=True):
        assert course_services.confirm_completion(course, by=organizer) == (1, 0)
    certificate = Certificate.objects.get()
    assert certificate.holder == person
    assert certificate.source_kind == course_certificates.KIND
    assert certificate.source_id == course.pk
    assert certificate.status == Certificate.Status.VALID
    assert certificate.pdf  # rendered by the task after commit
    # Confirming again (nothing new completed) issues nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        course_services.confirm_completion(course, by=organizer)
    assert Certificate.objects.count() == 1


def test_confirming_a_completion_without_a_template_issues_nothing(
    django_capture_on_commit_callbacks,
):
    course = CourseFactory(sessions=0)
    session = SessionFactory(course=course, date=timezone.localdate() - dt.timedelta(days=1))
    organizer = UserFactory(is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        registration = course_services.register(UserFactory(), course)
    course_services.mark_attendance(session, {registration.pk: "present"}, by=organizer)
    with django_capture_on_commit_callbacks(execute=True):
        assert course_services.confirm_completion(course, by=organizer) == (1, 0)
    assert not Certificate.objects.exists()


# ------------------------------------------------------------------------------------------
# Contests
# ------------------------------------------------------------------------------------------


def graded(round_, entry, score, seconds=0):
    started = T0 + dt.timedelta(hours=1, seconds=seconds)
    return Attempt.objects.create(
        round=round_,
        entry=entry,
        number=1,
        status=Attempt.Status.SUBMITTED,
        started_at=started,
        deadline=started + dt.timedelta(minutes=30),
        submitted_at=started + dt.timedelta(seconds=60),
        duration_ms=60_000,
        question_total=10,
        correct_count=int(score // 10),
        score=Decimal(score),
    )


def contest_round(*, template=None, scores=(100, 90, 80), first=1, second=1):
    """A closed round with graded attempts and a quota of `first` + `second` prizes."""
    group = EntrantGroupFactory(contest__certificate_template=template)
    round_ = RoundFactory(contest=group.contest, opens_at=T0, closes_at=T0 + dt.timedelta(days=7))
    quota(round_, group, first=first, second=second, third=0, consolation=0)
    entries = [
        EntryFactory(group=group, person__full_name=f"Trần Thị Dự Thi {index}")
        for index in range(len(scores))
    ]
    for index, (entry, score) in enumerate(zip(entries, scores, strict=True)):
        graded(round_, entry, score, seconds=index)
    contest_services.compute_results(round_)
    return round_, entries


def valid_prize_certificates(round_):
    return Certificate.objects.filter(
        source_kind=contest_certificates.PRIZE,
        group_key=f"round:{round_.pk}",
        status=Certificate.Status.VALID,
    )


def test_issue_for_prize_prints_the_level_and_the_round():
    round_, entries = contest_round(template=CertificateTemplateFactory())
    contest_services.compute_results(round_)  # new Prize rows: their ids differ from the round's
    prize = Prize.objects.get(round=round_, level=Prize.Level.FIRST)
    assert prize.pk != round_.pk
    certificate = contest_certificates.issue_for_prize(prize)
    assert certificate.holder == entries[0].person
    assert certificate.source_kind == contest_certificates.PRIZE
    assert certificate.source_id == round_.pk
    assert certificate.group_key == f"round:{round_.pk}"
    assert certificate.grade == "Giải Nhất"
    assert certificate.achievement == f"{round_.contest.title} – {round_.title}"
    assert certificate.unit_name == entries[0].unit.name
    with pytest.raises(CertificateError) as excinfo:
        contest_certificates.issue_for_prize(prize)
    assert excinfo.value.code == "already_issued"


def test_issue_for_prize_without_a_template_is_refused():
    round_, _entries = contest_round()
    with pytest.raises(CertificateError) as excinfo:
        contest_certificates.issue_for_prize(Prize.objects.filter(round=round_).first())
    assert excinfo.value.code == "no_template"
    with pytest.raises(CertificateError):
        contest_certificates.issue_for_round(round_)
    assert not Certificate.objects.exists()


def test_recomputed_results_do_not_issue_a_second_prize_certificate():
    round_, entries = contest_round(template=CertificateTemplateFactory())
    contest_services.publish_results(round_)
    result = contest_certificates.issue_for_round(round_)
    assert (result.issued, result.skipped) == (2, 0)
    old_prizes = set(Prize.objects.filter(round=round_).values_list("pk", flat=True))
    # Results are computed again (as voiding an entry does): new Prize rows, same winners.
    contest_services.compute_results(round_)
    assert not old_prizes & set(Prize.objects.filter(round=round_).values_list("pk", flat=True))
    again = contest_certificates.issue_for_round(round_)
    assert (again.issued, again.skipped) == (0, 2)
    certificates = valid_prize_certificates(round_)
    assert sorted(certificates.values_list("holder_id", flat=True)) == sorted(
        [entries[0].person_id, entries[1].person_id]
    )


def test_voiding_a_winner_issues_only_to_the_person_who_moves_up():
    round_, entries = contest_round(template=CertificateTemplateFactory())
    contest_services.publish_results(round_)
    contest_certificates.issue_for_round(round_)
    contest_services.void_entry(entries[0], "Khai báo sai đơn vị công tác")
    result = contest_certificates.issue_for_round(round_)
    # The second moves to first (already has a certificate), the third moves up: one new one.
    assert (result.issued, result.skipped) == (1, 1)
    holders = list(valid_prize_certificates(round_).values_list("holder_id", flat=True))
    assert len(holders) == len(set(holders)) == 3
    assert {entries[1].person_id, entries[2].person_id} <= set(holders)


def test_issue_for_full_score_once_per_person_and_round_besides_a_prize():
    round_, entries = contest_round(template=CertificateTemplateFactory())
    person, unit = entries[0].person, entries[0].unit
    certificate = contest_certificates.issue_for_full_score(round_, person, unit)
    assert certificate.source_kind == contest_certificates.FULL_SCORE
    assert certificate.source_id == round_.pk
    assert certificate.grade == "Đạt điểm tuyệt đối"
    assert certificate.unit_name == unit.name
    with pytest.raises(CertificateError) as excinfo:
        contest_certificates.issue_for_full_score(round_, person, unit)
    assert excinfo.value.code == "already_issued"
    # A prize in the same round is a different certificate.
    result = contest_certificates.issue_for_round(round_, include_full_score=True)
    assert (result.issued, result.skipped) == (2, 1)
    assert Certificate.objects.filter(holder=person).count() == 2


def test_issue_for_full_score_without_a_template_is_refused():
    round_, entries = contest_round()
    with pytest.raises(CertificateError) as excinfo:
        contest_certificates.issue_for_full_score(round_, entries[0].person)
    assert excinfo.value.code == "no_template"


def test_publishing_results_issues_one_prize_certificate_per_winner(
    django_capture_on_commit_callbacks,
):
    round_, entries = contest_round(template=CertificateTemplateFactory(), scores=(100, 90, 80))
    with django_capture_on_commit_callbacks(execute=True):
        contest_services.publish_results(round_)
    certificates = valid_prize_certificates(round_)
    assert sorted(certificates.values_list("holder_id", "grade")) == sorted(
        [(entries[0].person_id, "Giải Nhất"), (entries[1].person_id, "Giải Nhì")]
    )
    assert all(certificate.pdf for certificate in certificates)
    assert Certificate.objects.count() == 2


def test_publishing_results_without_a_template_issues_nothing(django_capture_on_commit_callbacks):
    round_, _entries = contest_round()
    with django_capture_on_commit_callbacks(execute=True):
        contest_services.publish_results(round_)
    assert not Certificate.objects.exists()


def test_migration_moves_old_prize_certificates_to_their_round():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("certificates.migrations.0002_prize_source_is_the_round")
    template = CertificateTemplateFactory()
    twice, once = UserFactory(), UserFactory()

    def old_prize_certificate(holder, prize_id, round_id=7):
        return services.issue(
            template=template,
            holder=holder,
            what=services.Achievement(
                source_kind=contest_certificates.PRIZE,
                source_id=prize_id,
                group_key=f"round:{round_id}",
                achievement="Cuộc thi – Tuần 1",
            ),
        )

    first = old_prize_certificate(twice, prize_id=101)
    duplicate = old_prize_certificate(twice, prize_id=205)  # issued again after a recompute
    other = old_prize_certificate(once, prize_id=102)
    migration.prize_source_is_the_round(apps, None)
    for certificate in (first, duplicate, other):
        certificate.refresh_from_db()
    assert (first.source_id, other.source_id) == (7, 7)
    assert duplicate.source_id == 205  # left for an organizer to revoke
    with pytest.raises(CertificateError):
        old_prize_certificate(twice, prize_id=7)
