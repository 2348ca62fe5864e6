"""Wagtail documents and images uploaded by staff: size limits, and a file whose content is not
what its extension says is refused, on the single and the multiple upload screens."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from tests.factories import UserFactory
from tests.helpers import admin_client

pytestmark = pytest.mark.django_db

EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64 + b"This program"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def zipped(**members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name.replace("__", "/"), data)
    return buffer.getvalue()


def png(width, height, mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def staff(db):
    return admin_client(
        Client(raise_request_exception=False), UserFactory(is_staff=True, is_superuser=True)
    )


def add_document(client, name, data):
    return client.post(
        reverse("wagtaildocs:add"), {"title": "Tài liệu", "file": SimpleUploadedFile(name, data)}
    )


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bao-cao.pdf", PDF),
        ("bang.xlsx", zipped(**{"[Content_Types].xml": "<Types/>", "xl__workbook.xml": "<w/>"})),
        (
            "van-ban.docx",
            zipped(**{"[Content_Types].xml": "<Types/>", "word__document.xml": "<d/>"}),
        ),
        ("van-ban.odt", zipped(mimetype="application/vnd.oasis.opendocument.text")),
        ("ghi-chu.txt", "Thông báo lịch tiếp công dân".encode()),
        ("ho-so.zip", zipped(**{"a.txt": "x"})),
    ],
)
def test_a_real_document_is_accepted(staff, name, data):
    response = add_document(staff, name, data)
    assert response.status_code == 302
    assert Document.objects.filter(file__contains=name.rpartition(".")[0]).exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bao-cao.pdf", EXECUTABLE),
        ("bang.xlsx", EXECUTABLE),
        ("van-ban.docx", zipped(**{"virus.exe": EXECUTABLE})),
        ("van-ban.doc", PDF),
        ("ghi-chu.txt", EXECUTABLE),
        ("ho-so.zip", EXECUTABLE),
    ],
)
def test_a_document_whose_content_is_not_its_extension_is_refused(staff, name, data):
    response = add_document(staff, name, data)
    assert response.status_code == 200
    extension = name.rpartition(".")[2]
    assert f"Nội dung tệp không phải là tệp .{extension}" in response.content.decode()
    assert not Document.objects.exists()


def test_a_document_over_the_size_limit_is_refused(staff, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1_048_576
    response = add_document(staff, "bao-cao.pdf", PDF + b" " * 1_100_000)
    assert response.status_code == 200
    assert "Tệp quá lớn (1,0\xa0MB); giới hạn là 1,0\xa0MB." in response.content.decode()
    assert not Document.objects.exists()


def test_the_multiple_upload_screen_refuses_it_too(staff):
    response = staff.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile("bao-cao.pdf", EXECUTABLE)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    answer = json.loads(response.content)
    assert answer["success"] is False
    assert "Nội dung tệp không phải là tệp .pdf" in answer["error_message"]
    assert not Document.objects.exists()


def add_image(client, name, data):
    return client.post(
        reverse("wagtailimages:add"), {"title": "Ảnh", "file": SimpleUploadedFile(name, data)}
    )


def test_a_real_image_is_accepted(staff):
    assert add_image(staff, "anh.png", png(40, 30)).status_code == 302
    assert Image.objects.count() == 1


def test_an_executable_named_as_an_image_is_refused(staff):
    assert add_image(staff, "anh.png", EXECUTABLE).status_code == 200
    assert not Image.objects.exists()


def test_an_image_over_the_pixel_limit_is_refused(staff, settings):
    # A 48-megapixel black PNG is a few KB on disk and 144 MB in memory once decoded.
    data = png(8000, 6000, mode="1")
    assert len(data) < 100_000
    response = add_image(staff, "anh.png", data)
    assert response.status_code == 200
    assert not Image.objects.exists()


def test_an_image_over_the_size_limit_is_refused(staff, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10_000
    assert add_image(staff, "anh.png", png(400, 300) + b"\x00" * 20_000).status_code == 200
    assert not Image.objects.exists()
