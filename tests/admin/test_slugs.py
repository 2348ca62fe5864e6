"""Vietnamese slugs: the admin's JavaScript table and the server's vn_slugify agree.

Wagtail's w-slug controller runs our formatters (common.slugs.SLUG_FORMATTERS) and then its own
urlify; `wagtail_urlify` below is that urlify for the ASCII text the formatters leave, so the
test checks what the admin prefills without a browser. With Node.js installed, the formatters
also run through JavaScript's own RegExp.
"""

import json
import re
import shutil
import subprocess
import unicodedata

import pytest
from django.conf import settings

from common.slugs import SLUG_FORMATTERS, formatters_json, transliterate, vn_slugify
from tests.factories import UserFactory
from tests.helpers import admin_client

HEADLINES = {
    "Hội nghị tổng kết công tác CCHC": "hoi-nghi-tong-ket-cong-tac-cchc",
    "Đà Nẵng: ưu tiên dịch vụ công trực tuyến năm 2026": "da-nang-uu-tien-dich-vu-cong-truc-tuyen-nam-2026",
    "Cuộc thi “Tìm hiểu cải cách hành chính” – vòng 1": "cuoc-thi-tim-hieu-cai-cach-hanh-chinh-vong-1",
    "Khóa học kỹ năng số cho cán bộ, công chức": "khoa-hoc-ky-nang-so-cho-can-bo-cong-chuc",
    "QUẢNG TRỊ ĐẨY MẠNH": "quang-tri-day-manh",
}

TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
VOWELS = "aăâeêioôơuưy"


def every_vietnamese_letter():
    letters = {"đ", "Đ"}
    for vowel in VOWELS:
        for tone in TONES:
            letter = unicodedata.normalize("NFC", vowel + tone)
            letters |= {letter, letter.upper()}
    return sorted(letters)


def wagtail_urlify(value):
    """Wagtail 8's CleanController.urlify (allowUnicode false) after the formatters ran."""
    value = value.strip().lower()
    value = re.sub(r"[^-\w\s]", "", value, flags=re.ASCII)
    value = re.sub(r"[-\s]+", "-", value)[:255]
    return re.sub(r"-+$", "", value)


def test_the_table_turns_every_vietnamese_letter_into_ascii():
    for letter in every_vietnamese_letter():
        folded = transliterate(letter)
        assert folded.isascii() and folded.isalpha(), letter
        assert folded.lower() == ("d" if letter in "đĐ" else folded.lower())
    # Decomposed input (tone marks as separate characters) too.
    assert transliterate(unicodedata.normalize("NFD", "Hội nghị")) == "Hoi nghi"


@pytest.mark.parametrize(("title", "slug"), HEADLINES.items())
def test_the_admin_and_the_server_give_the_same_slug(title, slug):
    assert vn_slugify(title) == slug
    assert wagtail_urlify(transliterate(title)) == slug


def test_vn_slugify_respects_a_maximum_length():
    assert vn_slugify("Hội nghị tổng kết công tác CCHC", max_length=10) == "hoi-nghi-t"
    assert vn_slugify("Hội nghị tổng", max_length=9) == "hoi-nghi"


def test_unicode_slugs_are_off():
    assert settings.WAGTAIL_ALLOW_UNICODE_SLUGS is False


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_the_formatters_work_the_same_in_javascript():
    script = (
        "const f = JSON.parse(process.argv[1]); const titles = JSON.parse(process.argv[2]);"
        "console.log(JSON.stringify(titles.map(t => f.reduce("
        "(v, [p, r]) => v.replaceAll(new RegExp(p, 'gu'), r), t))));"
    )
    titles = [
        *HEADLINES,
        unicodedata.normalize("NFD", "Hội nghị"),
        "".join(every_vietnamese_letter()),
    ]
    result = subprocess.run(
        ["node", "-e", script, formatters_json(), json.dumps(titles)],
        capture_output=True,
        check=True,
        text=True,
        timeout=30,
    )
    assert json.loads(result.stdout) == [transliterate(title) for title in titles]


def test_the_admin_loads_the_table_on_every_screen(client, db):
    admin_client(client, UserFactory(is_staff=True, is_superuser=True))
    html = client.get("/admin/").content.decode()
    assert "js/admin-slugs.js" in html
    assert 'data-formatters="' in html
    assert len(SLUG_FORMATTERS) == 8
