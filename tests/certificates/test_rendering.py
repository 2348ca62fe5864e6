import io
import unicodedata

import pypdf
import pytest
import weasyprint

from certificates import rendering
from certificates.models import Certificate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Every Vietnamese vowel with every tone, both cases, and đ/Đ.
DIACRITICS = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
# The longest names the profile allows (150 characters), lower and upper case.
LONG_NAMES = [
    (
        "Nguyễn Tôn Nữ "
        + " ".join("H" + DIACRITICS[i : i + 6] for i in range(0, len(DIACRITICS), 6))
    ).ljust(150, "ư")[:150],
    ("TRẦN " + " ".join(DIACRITICS.upper()[i : i + 8] for i in range(0, len(DIACRITICS), 8))).ljust(
        150, "Ữ"
    )[:150],
]


def pdf_text(data):
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, unicodedata.normalize("NFC", text)


def squash(text):
    return "".join(text.split())


@pytest.mark.parametrize("name", LONG_NAMES)
def test_long_vietnamese_name_with_every_diacritic_survives_in_the_pdf(make_certificate, name):
    assert len(name) == 150
    holder = UserFactory(full_name=name)
    certificate = make_certificate(holder)
    certificate.refresh_from_db()
    data = certificate.pdf.read()
    reader, text = pdf_text(data)
    assert len(reader.pages) == 1  # a long name wraps, it does not spill onto a second page
    assert squash(name) in squash(text)
    letters = DIACRITICS if name.startswith("Nguyễn") else DIACRITICS.upper()
    for letter in letters:
        assert letter in text, letter
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert certificate.serial in text
    assert certificate.register_number in text
    assert "An Lạc, ngày" in text


def test_pdf_metadata_language_fonts_and_pdfa(make_certificate):
    certificate = make_certificate(UserFactory(full_name="Đặng Thị Ánh Tuyết"))
    certificate.refresh_from_db()
    data = certificate.pdf.read()
    reader = pypdf.PdfReader(io.BytesIO(data))
    meta = reader.metadata
    assert "Đặng Thị Ánh Tuyết" in meta.title
    assert certificate.serial in meta.title
    assert meta.author == "Sở Nội vụ tỉnh An Lạc"
    assert meta.subject == "Giấy chứng nhận"
    assert reader.trailer["/Root"]["/Lang"] == "vi"
    # PDF/A-3b: an sRGB output intent and XMP metadata declaring the part.
    assert "/OutputIntents" in reader.trailer["/Root"]
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"<pdfaid:part>3</pdfaid:part>" in xmp or b'pdfaid:part="3"' in xmp
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    # The subsetting library decides the spelling (Liberation-Serif with HarfBuzz, LiberationSerif
    # with fontTools); either way the embedded face must be ours, not a system fallback.
    assert any("LiberationSerif" in name.replace("-", "") for name in fonts), fonts


def test_qr_code_points_to_the_absolute_verification_url(make_certificate):
    certificate = make_certificate()
    html = rendering.build_html([rendering.page_for(certificate)])
    assert "<svg" in html
    assert certificate.get_absolute_verify_url().startswith(
        "http://testserver/chung-nhan/xac-minh/"
    )
    import segno

    expected = segno.make(certificate.get_absolute_verify_url(), error="m")
    assert expected.svg_inline(scale=2, border=0, omitsize=True) in html


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/logo.png",
        "https://example.com/font.ttf",
        "data:image/svg+xml,<svg></svg>",
        "ftp://example.com/x",
        "local:static/../../../etc/passwd",
        "local:static/fonts/../../training_site/settings/base.py",
        "local:media/../secret.txt",
        "local:media/accounts/secret.png",
        "local:media/certificates/seals/seal.png",
        "local:private/accounts/secret.png",
        "local:private/certificates/pdf/x.pdf",
        "local:static/js/site.js",
        "local:/etc/passwd",
    ],
)
def test_fetcher_refuses_everything_but_our_files(url):
    with pytest.raises(rendering.RefusedURL):
        rendering.LocalOnlyFetcher().fetch(url)


def test_fetcher_serves_our_fonts_and_the_templates_private_images():
    from django.core.files.base import ContentFile

    from common.storage import private_storage

    font = rendering.LocalOnlyFetcher().fetch("local:static/fonts/LiberationSerif-Regular.ttf")
    assert font.read(4) == b"\x00\x01\x00\x00"
    name = private_storage().save("certificates/seals/test.png", ContentFile(b"\x89PNG fake"))
    image = rendering.LocalOnlyFetcher().fetch(f"local:private/{name}")
    assert image.read() == b"\x89PNG fake"


def test_a_document_asking_for_local_files_or_the_network_gets_nothing(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    html = (
        f'<html><body><p>Hello</p><img src="file://{secret}">'
        f'<object data="file://{secret}"></object>'
        '<img src="http://127.0.0.1:9/x.png">'
        f'<link rel="stylesheet" href="file://{secret}"></body></html>'
    )
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=rendering.LocalOnlyFetcher())
    data = document.write_pdf()
    assert b"TOP-SECRET" not in data
    _reader, text = pdf_text(data)
    assert "TOP-SECRET" not in text
    assert "Hello" in text


def test_revoked_certificate_rendered_again_is_marked(make_certificate):
    from certificates import pdfs, services

    certificate = make_certificate()
    services.revoke(certificate, reason="fraud")
    pdfs.render(certificate.pk, force=True)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    _reader, text = pdf_text(certificate.pdf.read())
    assert "Đã thu hồi" in text or "ĐÃ THU HỒI" in text
