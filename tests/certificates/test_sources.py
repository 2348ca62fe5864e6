"""The sources registry: courses and contests declare what they owe; the issue and print screens
and the register know them only through it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates import printing, sources
from certificates.errors import CertificateError
from certificates.models import BulkPrintJob, Certificate
from contests import certificates as contest_certificates
from contests import services as contest_services
from courses import certificates as course_certificates
from courses.models import Registration
from tests.certificates.factories import CertificateTemplateFactory
from tests.certificates.test_issuing_paths import contest_round, course_with
from tests.factories import UserFactory
from tests.helpers import admin_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    return admin_client(client, UserFactory(is_staff=True, is_superuser=True))


def test_courses_and_contests_declare_their_kinds():
    kinds = [source.kind for source in sources.registered()]
    assert kinds == ["course", "prize", "full_score"]
    assert sources.get("prize") is contest_certificates.PRIZE_SOURCE
    with pytest.raises(CertificateError) as excinfo:
        sources.get("nothing")
    assert excinfo.value.code == "apps_missing"
    choices = dict(Certificate._meta.get_field("source_kind").choices)
    assert set(choices) == {"course", "prize", "full_score", "other"}


def test_group_labels_come_from_the_sources(vi):
    course, _registrations = course_with()
    round_, _entries = contest_round()
    labels = sources.group_labels([f"course:{course.pk}", f"round:{round_.pk}", "course:0", "x"])
    assert labels == {
        f"course:{course.pk}": f"Khóa học: {course.title}",
        f"round:{round_.pk}": f"Đợt thi: {round_.contest.title} – {round_.title}",
        "course:0": "course:0",
        "x": "x",
    }


def test_the_issue_screen_offers_courses_and_published_rounds_and_issues_full_scores(staff, vi):
    template = CertificateTemplateFactory()
    course, _registrations = course_with(
        template=template, statuses=[Registration.Status.COMPLETED]
    )
    round_, entries = contest_round(template=template, scores=(100, 90, 80))
    contest_services.publish_results(round_)
    url = reverse("certificates_admin:issue")
    page = staff.get(url).content.decode()
    assert f'value="course:{course.pk}"' in page
    assert f'value="prize:{round_.pk}"' in page
    assert 'name="full_score"' in page
    response = staff.post(url, {"source": f"prize:{round_.pk}", "full_score": "1"}, follow=True)
    assert "Đã cấp 3 giấy chứng nhận" in response.content.decode()
    kinds = sorted(Certificate.objects.values_list("source_kind", "holder_id"))
    assert kinds == sorted(
        [
            (contest_certificates.FULL_SCORE, entries[0].person_id),
            (contest_certificates.PRIZE, entries[0].person_id),
            (contest_certificates.PRIZE, entries[1].person_id),
        ]
    )
    response = staff.post(url, {"source": f"course:{course.pk}"}, follow=True)
    assert "Đã cấp 1 giấy chứng nhận" in response.content.decode()
    response = staff.post(url, {"source": "nothing:1"}, follow=True)
    assert "Không có loại nguồn này." in response.content.decode()


def test_print_groups_are_labelled_by_their_source(staff, vi, django_capture_on_commit_callbacks):
    template = CertificateTemplateFactory()
    course, (registration,) = course_with(
        template=template, statuses=[Registration.Status.COMPLETED]
    )
    course_certificates.issue_for_registration(registration)
    key = f"course:{course.pk}"
    assert printing.print_groups() == [(key, f"Khóa học: {course.title}")]
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("certificates_print:index"), {"group": key})
    assert BulkPrintJob.objects.get().label == f"Khóa học: {course.title}"


def test_the_register_shows_dates_not_times_ago(staff, make_certificate):
    certificate = make_certificate()
    page = staff.get(reverse("wagtailsnippets_certificates_certificate:list")).content.decode()
    assert certificate.issued_on.strftime("%d/%m/%Y") in page
    templates = staff.get(reverse("wagtailsnippets_certificates_certificatetemplate:list"))
    updated = timezone.localtime(certificate.template.updated_at)
    assert updated.strftime("%d/%m/%Y") in templates.content.decode()


def test_the_admin_screens_render(staff, make_certificate):
    certificate = make_certificate()
    for url in (
        reverse("certificates_admin:issue"),
        reverse("certificates_admin:manage", args=[certificate.pk]),
        reverse("certificates_print:index"),
    ):
        response = staff.get(url)
        assert response.status_code == 200, url
        assert "Trang chủ" in response.content.decode() or "Home" in response.content.decode()
