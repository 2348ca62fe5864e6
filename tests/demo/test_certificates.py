import io

import pytest
from PIL import Image

from certificates.models import Certificate, CertificateTemplate
from demo.seeders import certificates as demo

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_makes_real_images():
    demo.seed()
    templates = CertificateTemplate.objects.count()
    certificates = Certificate.objects.count()
    demo.seed()
    assert CertificateTemplate.objects.count() == templates == 2
    assert Certificate.objects.count() == certificates
    template = CertificateTemplate.objects.get(name=demo.template_data("course")["name"])
    assert template.agency == "Sở Nội vụ tỉnh An Lạc"
    assert template.parent_agency == "Ủy ban nhân dân tỉnh An Lạc"
    with template.seal.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        assert image.mode == "RGBA"
        assert template.seal.size < 2 * 1024 * 1024


def test_demo_issues_for_completed_courses_and_published_prizes():
    from contests import services as contest_services
    from courses.models import Registration
    from tests.certificates.test_issuing_paths import contest_round, course_with

    course, registrations = course_with(
        statuses=[Registration.Status.COMPLETED, Registration.Status.CONFIRMED]
    )
    round_, entries = contest_round()
    contest_services.publish_results(round_)
    demo.seed()
    course.refresh_from_db()
    round_.contest.refresh_from_db()
    assert course.certificate_template.name == demo.template_data("course")["name"]
    assert round_.contest.certificate_template.name == demo.template_data("prize")["name"]
    holders = set(Certificate.objects.values_list("holder_id", "source_kind"))
    assert holders == {
        (registrations[0].person_id, "course"),
        (entries[0].person_id, "prize"),
        (entries[1].person_id, "prize"),
    }
