"""Placeholders with a format spec or conversion are refused by the validator, and a template that
holds one anyway (saved before the validator refused it) fails with a message, never a 500."""

import datetime as dt
import logging

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates import rendering
from certificates.errors import CertificateError
from certificates.models import Certificate, CertificateTemplate, validate_placeholders
from certificates.tasks import issue_from_source_task
from courses import certificates as course_certificates
from courses.models import Registration
from tests.certificates.factories import BODY, CertificateTemplateFactory
from tests.courses.factories import CourseFactory
from tests.factories import UserFactory
from tests.helpers import admin_client

pytestmark = pytest.mark.django_db

FORMATTED = [
    "{ho_ten:d}",
    "{ho_ten!x}",
    "{ho_ten!r}",
    "{ho_ten:%}",
    "{ho_ten:{don_vi}}",
    "{ho_ten:99999999999}",
    "{ho_ten:999999999}",
]
SNIPPET = "wagtailsnippets_certificates_certificatetemplate"


@pytest.fixture
def staff(client):
    return admin_client(client, UserFactory(is_staff=True, is_superuser=True))


def broken_template(placeholder):
    """A template saved before the validator refused `placeholder` (the validator is bypassed)."""
    template = CertificateTemplateFactory()
    CertificateTemplate.objects.filter(pk=template.pk).update(
        body=f"Chứng nhận ông/bà: {placeholder}\nĐơn vị: {{don_vi}}"
    )
    template.refresh_from_db()
    return template


@pytest.mark.parametrize("placeholder", FORMATTED)
def test_the_validator_refuses_a_format_spec_or_conversion_naming_it(placeholder, vi):
    with pytest.raises(ValidationError) as excinfo:
        validate_placeholders(f"Chứng nhận ông/bà: {placeholder}\nĐơn vị: {{don_vi}}")
    error = excinfo.value.error_list[0]
    assert error.code == "formatted_placeholder"
    message = error.message % error.params
    assert placeholder in message
    assert "Hãy viết là {ho_ten}" in message


def test_the_validator_still_accepts_bare_names_and_doubled_braces():
    validate_placeholders(BODY + "\nKý hiệu {{mẫu}}: {xep_loai}")


@pytest.mark.parametrize("placeholder", [*FORMATTED, "{ho_ten.upper}", "{ho_ten[0]}", "{}", "{0}"])
def test_fill_body_raises_a_certificate_error_for_what_it_cannot_fill(placeholder, vi):
    with pytest.raises(CertificateError) as excinfo:
        rendering.fill_body(f"Chứng nhận: {placeholder}", {"ho_ten": "Lê Văn An", "don_vi": "X"})
    assert excinfo.value.code == "bad_placeholder"
    assert placeholder in str(excinfo.value)
    assert "không điền được" in str(excinfo.value)


def test_fill_body_raises_a_certificate_error_for_an_unbalanced_brace(vi):
    with pytest.raises(CertificateError) as excinfo:
        rendering.fill_body("Chứng nhận: {ho_ten", {"ho_ten": "Lê Văn An"})
    assert excinfo.value.code == "bad_braces"
    assert "không khớp" in str(excinfo.value)


def test_fill_body_fills_bare_names_and_drops_lines_left_empty():
    lines = rendering.fill_body(
        "Ông/bà: {ho_ten}\nXếp loại: {xep_loai}\n{{Ghi chú}}", {"ho_ten": "Lê Văn An"}
    )
    assert lines == ["Ông/bà: Lê Văn An", "{Ghi chú}"]


@pytest.mark.parametrize("placeholder", FORMATTED)
def test_the_admin_form_refuses_it_with_a_message(staff, placeholder):
    from tests.certificates.test_admin import template_post

    response = staff.post(
        reverse(f"{SNIPPET}:add"), template_post(body=f"Chứng nhận ông/bà: {placeholder}")
    )
    assert response.status_code == 200
    assert placeholder in response.content.decode()
    assert not CertificateTemplate.objects.exists()


@pytest.mark.parametrize("placeholder", FORMATTED)
def test_the_admin_live_preview_does_not_fail(staff, placeholder):
    from tests.certificates.test_admin import template_post

    url = reverse(f"{SNIPPET}:preview_on_add")
    response = staff.post(url, template_post(body=f"Chứng nhận ông/bà: {placeholder}"))
    assert response.status_code == 200
    assert response.json()["is_valid"] is False
    assert staff.get(url).status_code == 200
    # And while editing a template saved before the validator refused the text.
    template = broken_template(placeholder)
    url = reverse(f"{SNIPPET}:preview_on_edit", args=[template.pk])
    response = staff.post(url, template_post(body=template.body))
    assert response.status_code == 200
    assert response.json()["is_valid"] is False
    assert staff.get(url).status_code == 200


@pytest.mark.parametrize("placeholder", FORMATTED)
def test_a_saved_broken_template_gets_a_message_in_the_previews(staff, placeholder, vi):
    template = broken_template(placeholder)
    preview = template.serve_preview(None, "")
    assert preview.status_code == 200
    assert "không điền được" in preview.content.decode()
    response = staff.get(
        reverse("certificates_admin:template_pdf", args=[template.pk]), follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[0][0] == reverse(f"{SNIPPET}:edit", args=[template.pk])
    assert "không điền được" in response.content.decode()


def test_issuing_from_a_saved_broken_template_gets_a_message(staff, vi):
    template = broken_template("{ho_ten:d}")
    course = CourseFactory(sessions=0, certificate_template=template)
    registration = Registration.objects.create(
        person=UserFactory(), course=course, status=Registration.Status.COMPLETED
    )
    with pytest.raises(CertificateError) as excinfo:
        course_certificates.issue_for_registration(registration)
    assert excinfo.value.code == "bad_placeholder"
    # The batch stops on the template's error instead of counting everyone as "skipped".
    with pytest.raises(CertificateError):
        course_certificates.issue_for_course(course)
    response = staff.post(
        reverse("certificates_admin:issue"), {"source": f"course:{course.pk}"}, follow=True
    )
    assert response.status_code == 200
    assert "{ho_ten:d}" in response.content.decode()
    assert not Certificate.objects.exists()


def test_the_automatic_issue_task_logs_a_broken_template(caplog):
    template = broken_template("{ho_ten:99999999999}")
    course = CourseFactory(sessions=0, certificate_template=template)
    registration = Registration.objects.create(
        person=UserFactory(),
        course=course,
        status=Registration.Status.COMPLETED,
        completed_at=timezone.now() - dt.timedelta(hours=1),
    )
    with caplog.at_level(logging.WARNING, logger="certificates.tasks"):
        issue_from_source_task.enqueue(course_certificates.KIND, registration.pk)
    assert "bad_placeholder" in caplog.text
    assert not Certificate.objects.exists()
