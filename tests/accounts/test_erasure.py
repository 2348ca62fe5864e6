"""Deleting an account: every app's eraser through the one registry, in one transaction, and a
scan of every table afterwards for what identified the person."""

import io
import json
import re
import zipfile
from datetime import date, timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.users.models import UserProfile

from accounts import personal_data, services
from accounts.models import User
from certificates import services as certificate_services
from certificates.models import Certificate
from common.vietnamese import fold
from contests import services as contest_services
from contests.models import Choice, Entry, Prize, Round
from courses import certificates as course_certificates
from courses import services as course_services
from courses.models import Attendance, Registration, RegistrationQuestion
from portal import services as portal_services
from portal.models import Comment, PollVote
from qa import services as qa_services
from tests.certificates.factories import CertificateTemplateFactory
from tests.contests.factories import EntrantGroupFactory, RoundFactory, bank, quota
from tests.courses.factories import CourseFactory, held
from tests.factories import UnitFactory, UserFactory
from tests.helpers import admin_client, give_mfa
from tests.portal import conftest as portal_fixtures
from tests.portal.factories import PollFactory

pytestmark = pytest.mark.django_db

# The portal's page fixtures (a published article to comment on).
home = portal_fixtures.home
news_index = portal_fixtures.news_index
category = portal_fixtures.category
article = portal_fixtures.article

NAME = "Phạm Thị Xóa Dữ Liệu"
EMAIL = "xoa.du.lieu@example.gov.vn"
SECOND_EMAIL = "xoa.ca.nhan@example.com"
CCCD = "094198012345"
PHONE = "0387654321"
BIRTH = date(1998, 3, 7)
PASSWORD = "mat-khau-an-toan-2026"


def needles():
    """What identified the person, in every form it may be stored in."""
    return {
        "name": [NAME, fold(NAME)],
        "email": [EMAIL, SECOND_EMAIL],
        "cccd": [CCCD],
        "phone": [PHONE, "+84" + PHONE[1:]],
        "date of birth": [BIRTH.strftime("%d/%m/%Y"), BIRTH.isoformat()],
    }


def scan_database(person, allowed_tables_rows):
    """Every row of every table (raw SQL, so tables without a model count too), as text.

    `allowed_tables_rows`: {table: set of primary keys} that may name the person.
    Returns [(table, column, what)] for every hit.
    """
    hits = []
    forms = [(what, text.lower()) for what, texts in needles().items() for text in texts]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor, include_views=False):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                record = dict(zip(columns, row, strict=True))
                if record.get("id") in allowed_tables_rows.get(table, ()):
                    continue
                for column, value in record.items():
                    if value is None:
                        continue
                    if isinstance(value, bytes | memoryview):
                        text = bytes(value).decode("utf-8", "ignore")
                    elif isinstance(value, dict | list):
                        text = json.dumps(value, ensure_ascii=False)
                    else:
                        text = str(value)
                    text = text.lower()
                    for what, needle in forms:
                        if needle in text:
                            hits.append((table, column, what))
    return hits


@pytest.fixture
def db_tasks(settings):
    """Tasks go to the database queue, as in production, so their rows are scanned too."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def person(db):
    unit = UnitFactory(name="Ủy ban nhân dân phường Xóa Thử")
    person = UserFactory(
        email=EMAIL,
        full_name=NAME,
        unit=unit,
        cccd=CCCD,
        phone=PHONE,
        date_of_birth=BIRTH,
        position="Chuyên viên",
        consented_at=timezone.now(),
    )
    EmailAddress.objects.create(user=person, email=SECOND_EMAIL, verified=True, primary=False)
    return person


@pytest.fixture
def organizer(db):
    return UserFactory(is_staff=True, is_superuser=True, full_name="Lê Văn Tổ Chức")


def full_course(person, other):
    """A one-seat course: `person` holds the seat, `other` waits."""
    course = CourseFactory(capacity=1, waiting_list_enabled=True)
    course_services.register(person, course)
    waiting = course_services.register(other, course)
    assert waiting.status == Registration.Status.WAITLISTED
    return course, waiting


def give_person_data_everywhere(person, organizer, article):
    """Records in every app, written through the apps' own services where they have one."""
    # accounts: two-step verification, Wagtail profile, an admin edit in both audit logs.
    give_mfa(person)
    UserProfile.get_for_user(person)
    log(person, "wagtail.edit", user=organizer)
    LogEntry.objects.log_actions(
        organizer.pk, User.objects.filter(pk=person.pk), CHANGE, change_message="[]"
    )

    # courses: a full course (with someone waiting), an extra question, a pending nomination,
    # a rejection in the history, and a completed course with attendance and a certificate.
    other = UserFactory()
    full, waiting = full_course(person, other)
    asked = CourseFactory()
    question = RegistrationQuestion.objects.create(course=asked, text="Số điện thoại liên hệ?")
    course_services.register(person, asked, answers={str(question.pk): f"{NAME}, {PHONE}, {EMAIL}"})
    coordinator = UserFactory()
    coordinator.coordinated_units.add(person.unit)
    # The coordinator confirms the person's unit: an audit entry labelled with their name.
    person.unit_confirmed_at = None
    person.save()
    services.confirm_unit(coordinator, person)
    person.refresh_from_db()
    nominated = CourseFactory(requires_approval=True)
    [nomination] = course_services.nominate(coordinator, nominated, [person])
    refused = CourseFactory(requires_approval=True)
    course_services.reject(
        course_services.register(person, refused), by=organizer, reason="Không đúng đối tượng"
    )
    template = CertificateTemplateFactory()
    done = CourseFactory(certificate_template=template, sessions=1)
    seat = course_services.register(person, done)
    held(done)
    course_services.mark_attendance(
        done.sessions.get(), {seat.pk: Attendance.Status.PRESENT}, by=organizer
    )
    course_services.confirm_completion(done, by=organizer)
    seat.refresh_from_db()
    certificate = course_certificates.issue_for_registration(seat, issued_by=organizer)

    # contests: an entry with every personal field, a graded attempt, a published prize.
    group = EntrantGroupFactory()
    contest = group.contest
    bank(2)
    round_ = RoundFactory(contest=contest, question_count=2, predicts=Round.Predicts.NONE)
    quota(round_, group, first=1, second=0, third=0, consolation=0)
    entry = contest_services.create_entry(
        contest,
        person,
        group=group,
        unit=person.unit,
        full_name=NAME,
        date_of_birth=BIRTH,
        cccd=CCCD,
        phone=PHONE,
        consent=True,
    )
    attempt = contest_services.start_attempt(round_, person)
    for question_id in attempt.question_ids():
        right = Choice.objects.filter(question_id=question_id, is_correct=True)
        contest_services.save_answer(attempt.pk, person, question_id, [c.pk for c in right])
    contest_services.submit(attempt.pk, person)
    log(entry, "wagtail.edit", user=organizer)
    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    round_.refresh_from_db()
    contest_services.compute_results(round_, user=organizer)
    contest_services.publish_results(round_, user=organizer)

    # portal: a published comment, one waiting for moderation, a poll vote while logged in.
    published = Comment.objects.create(
        page=article, name=NAME, email=EMAIL.upper(), body="Ý kiến đóng góp về một cửa."
    )
    published.status = Comment.Status.APPROVED
    portal_services.record_moderation(published, user=organizer)
    Comment.objects.create(page=article, name=NAME, email=SECOND_EMAIL, body="Chưa duyệt.")
    poll = PollFactory()
    portal_services.vote(
        poll=poll,
        choice_id=poll.choices.first().pk,
        voter_key=portal_services.voter_key_for(user=person),
    )
    # qa: a published question with its answer, and one never published (phone and unit too).
    public_question = qa_services.submit(
        kind="hoi-dap",
        area="procedures",
        title="Thủ tục cấp lại giấy khai sinh",
        body="Xin hỏi thời hạn giải quyết.",
        name=NAME,
        email=EMAIL,
        phone=PHONE,
        unit="Phường Xóa Thử",
        show_as="name",
        consent=True,
        token="erasure-public",
    )
    qa_services.answer(public_question, text="<p>Trong ngày.</p>", by=organizer, publish=True)
    qa_services.submit(
        kind="phan-anh",
        area="",
        title="Phản ánh chưa trả lời",
        body="Nội dung phản ánh.",
        name=NAME,
        email=SECOND_EMAIL,
        phone=PHONE,
        show_as="name",
        consent=True,
        token="erasure-private",
        user=person,
    )
    return {
        "full": full,
        "waiting": waiting,
        "nomination": nomination,
        "certificate": certificate,
        "entry": entry,
        "round": round_,
        "published": published,
        "poll": poll,
    }


def test_deleting_an_account_leaves_nothing_that_identifies_the_person_but_the_register(
    client,
    person,
    organizer,
    article,
    db_tasks,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        data = give_person_data_everywhere(person, organizer, article)
    client.force_login(person)
    other_device = client_class_login(person)

    # The data really is everywhere before the deletion (so the scan below can fail).
    before = {table for table, _column, _what in scan_database(person, {})}
    assert {
        "accounts_user",
        "account_emailaddress",
        "courses_registration",
        "contests_entry",
        "portal_comment",
        "wagtailcore_modellogentry",
        "django_admin_log",
        "certificates_certificate",
    } <= before

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302

    certificate = data["certificate"]
    hits = scan_database(person, {"certificates_certificate": {certificate.pk}})
    assert hits == []

    # What stays, stays true.
    certificate.refresh_from_db()
    assert (certificate.holder_name, certificate.holder_birth_date) == (NAME, BIRTH)
    assert certificate.status == Certificate.Status.VALID
    data["waiting"].refresh_from_db()
    assert data["waiting"].status == Registration.Status.CONFIRMED
    data["nomination"].refresh_from_db()
    assert data["nomination"].status == Registration.Status.CANCELLED
    entry = Entry.objects.get(pk=data["entry"].pk)
    assert entry.full_name == "Tài khoản đã xóa" and entry.attempts.get().score is not None
    assert Prize.objects.get(round=data["round"]).person_id == person.pk
    assert Comment.objects.filter(pk=data["published"].pk, name="Tài khoản đã xóa").exists()
    assert Comment.objects.count() == 1
    assert PollVote.objects.filter(poll=data["poll"]).count() == 1
    assert not Authenticator.objects.filter(user=person).exists()
    assert not UserProfile.objects.filter(user=person).exists()
    # Logged out everywhere: this browser and the other device.
    assert client.get(reverse("accounts:profile")).status_code == 302
    assert other_device.get(reverse("accounts:profile")).status_code == 302
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id")]


def client_class_login(user):
    from django.test import Client

    other = Client()
    other.force_login(user)
    return other


def test_a_failing_eraser_changes_nothing(person):
    other = UserFactory()
    course, waiting = full_course(person, other)
    seat = Registration.objects.get(course=course, person=person)

    def broken(user, now):
        raise RuntimeError("eraser failed")

    section = personal_data.PersonalDataSection(
        name="broken", label="Broken", export=lambda user: {}, erase=broken, order=999
    )
    with (
        hooks.register_temporarily("register_personal_data", lambda: section),
        pytest.raises(RuntimeError),
    ):
        services.anonymise(person)

    person.refresh_from_db()
    assert (person.full_name, person.email, person.cccd) == (NAME, EMAIL, CCCD)
    assert person.is_active and person.anonymised_at is None
    assert EmailAddress.objects.filter(user=person).count() == 2
    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert seat.status == Registration.Status.CONFIRMED
    assert waiting.status == Registration.Status.WAITLISTED


def test_deletion_gives_the_seat_of_a_full_course_to_the_next_person(
    person, django_capture_on_commit_callbacks, mailoutbox
):
    other = UserFactory()
    course, waiting = full_course(person, other)
    # Even once the course has started: a deleted person cannot take part any more.
    session = course.sessions.order_by("date").first()
    session.date = timezone.localdate() - timedelta(days=1)
    session.save()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.anonymise(person)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert Registration.objects.get(course=course, person=person).status == "cancelled"
    assert course_services.seats_taken(course) == 1
    # The person promoted is told; the deleted account is sent nothing.
    assert [message.to for message in mailoutbox] == [[other.email]]


def test_published_results_show_the_anonymised_label(client, person):
    from tests.contests.test_results import closed_round, graded

    round_, group = closed_round()
    quota(round_, group, first=1, second=0, third=0, consolation=0)
    entry = Entry.objects.create(
        contest=group.contest,
        person=person,
        group=group,
        unit=person.unit,
        full_name=NAME,
        cccd=CCCD,
        phone=PHONE,
        date_of_birth=BIRTH,
        consented_at=timezone.now(),
    )
    graded(round_, entry, 100)
    contest_services.compute_results(round_)
    contest_services.publish_results(round_)
    services.anonymise(person)

    url = reverse("contests:results", args=[group.contest.slug, round_.pk])
    html = client.get(url).content.decode()
    assert "Tài khoản đã xóa" in html and NAME not in html
    staff = UserFactory(is_staff=True, is_superuser=True)
    admin_client(client, staff)
    admin_results = client.get(reverse("contests_admin_results", args=[round_.pk]))
    assert admin_results.status_code == 200
    assert "Tài khoản đã xóa" in admin_results.content.decode()
    export = client.get(reverse("contests_admin_results", args=[round_.pk]) + "?export=xlsx")
    assert export.status_code == 200
    entries = client.get(reverse("wagtailsnippets_contests_entry:list"))
    assert entries.status_code == 200 and "Tài khoản đã xóa" in entries.content.decode()


def test_no_new_certificate_for_a_deleted_account_and_a_reissue_keeps_the_register_name(person):
    template = CertificateTemplateFactory()
    what = certificate_services.Achievement(
        source_kind=Certificate.Source.OTHER, source_id=1, group_key="x", achievement="Lớp học"
    )
    issued = certificate_services.issue(template=template, holder=person, what=what)
    services.anonymise(person)
    person.refresh_from_db()
    with pytest.raises(certificate_services.CertificateError) as error:
        certificate_services.issue(
            template=template,
            holder=person,
            what=certificate_services.Achievement(
                source_kind=Certificate.Source.OTHER, source_id=2, group_key="x", achievement="B"
            ),
        )
    assert error.value.code == "holder_deleted"
    new = certificate_services.reissue(issued)
    assert new.holder_name == NAME and NAME in new.body_text


# ------------------------------------------------------------------------------------------
# The download
# ------------------------------------------------------------------------------------------


def open_download(client, person):
    client.force_login(person)
    response = client.get(reverse("accounts:download_data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return response, archive


def test_the_download_is_a_zip_with_the_json_and_a_readable_summary(
    client,
    person,
    organizer,
    article,
    vi,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        give_person_data_everywhere(person, organizer, article)
    response, archive = open_download(client, person)
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="du-lieu-ca-nhan-{today}.zip"'
    )
    assert sorted(archive.namelist()) == ["du-lieu-ca-nhan.json", "tom-tat.html"]

    data = json.loads(archive.read("du-lieu-ca-nhan.json"))
    assert data["account"]["email"] == EMAIL
    assert data["account"]["cccd"] == CCCD
    assert data["account"]["date_of_birth"] == "1998-03-07"
    assert {a["email"] for a in data["account"]["email_addresses"]} == {EMAIL, SECOND_EMAIL}
    assert len(data["courses"]["registrations"]) == 5
    assert data["contests"]["entries"][0]["phone"] == PHONE
    assert data["portal"]["comments"] and data["portal"]["poll_votes"]
    assert data["certificates"]["certificates"][0]["holder_name"] == NAME
    # Every time is Vietnam time with its offset; every date is ISO.
    timestamps = re.findall(
        r'"(\d{4}-\d\d-\d\dT[^"]*)"', archive.read("du-lieu-ca-nhan.json").decode()
    )
    assert timestamps and all(stamp.endswith("+07:00") for stamp in timestamps)
    assert data["exported_at"].endswith("+07:00")

    html = archive.read("tom-tat.html").decode()
    assert html.startswith("<!DOCTYPE html>") and '<html lang="vi">' in html
    for heading in (
        "Tài khoản và hồ sơ",
        "Khóa học",
        "Cuộc thi",
        "Bình luận và thăm dò ý kiến",
        "Giấy chứng nhận",
    ):
        assert f"<h2>{heading}</h2>" in html
    assert "07/03/1998" in html and "1998-03-07" not in html
    assert "Ngày sinh" in html and "Số căn cước công dân (CCCD)" in html
    # Self-contained: nothing is loaded from anywhere.
    assert not re.search(r"<(link|script|img|iframe)\b|src=|url\(|@import", html)


def test_every_exported_field_has_a_translated_label(
    person,
    organizer,
    article,
    vi,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        give_person_data_everywhere(person, organizer, article)
    data = services.export_personal_data(person)
    for section in personal_data.all_sections():
        keys = personal_data.keys_used(data[section.name])
        assert keys, section.name
        assert keys <= set(section.labels), (section.name, keys - set(section.labels))
        assert str(section.label) != section.name


def test_the_delete_page_says_what_each_app_keeps(client, person, vi):
    client.force_login(person)
    html = client.get(reverse("accounts:delete")).content.decode()
    assert "sổ đăng ký giấy chứng nhận" in html
    for section in personal_data.all_sections():
        assert str(section.on_deletion).split(":")[0] in html
