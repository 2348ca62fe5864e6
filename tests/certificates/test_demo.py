import io

import pytest
from PIL import Image

from certificates import demo
from certificates.models import Certificate, CertificateTemplate

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_makes_real_images():
    demo.seed()
    templates = CertificateTemplate.objects.count()
    certificates = Certificate.objects.count()
    demo.seed()
    assert CertificateTemplate.objects.count() == templates == 2
    assert Certificate.objects.count() == certificates
    template = CertificateTemplate.objects.get(name=demo.TEMPLATE_NAME)
    assert template.agency == "Sở Nội vụ tỉnh An Lạc"
    assert template.parent_agency == "Ủy ban nhân dân tỉnh An Lạc"
    with template.seal.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        assert image.mode == "RGBA"
        assert template.seal.size < 2 * 1024 * 1024
