import pytest

from certificates import services
from certificates.models import Certificate
from tests.certificates.factories import CertificateTemplateFactory
from tests.factories import UserFactory


@pytest.fixture
def template(db):
    return CertificateTemplateFactory()


def achievement(n=1, group="course:1", kind=Certificate.Source.OTHER):
    return services.Achievement(
        source_kind=kind,
        source_id=n,
        group_key=group,
        achievement="Lớp bồi dưỡng kiến thức cải cách hành chính năm 2026",
        period="từ ngày 02/03/2026 đến ngày 06/03/2026",
        grade="Giỏi",
    )


@pytest.fixture
def make_certificate(template, django_capture_on_commit_callbacks):
    """Issue a certificate and run what waits for the commit (rendering), as in production."""

    def make(holder=None, n=1, group="course:1", **kwargs):
        holder = holder or UserFactory()
        with django_capture_on_commit_callbacks(execute=True):
            return services.issue(
                template=kwargs.pop("template", template),
                holder=holder,
                what=achievement(n, group),
                **kwargs,
            )

    return make
