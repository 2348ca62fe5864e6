from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common import vietnamese as vn

VIETNAMESE_LETTERS = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"


def test_fold_strips_tones_and_folds_d():
    assert vn.fold("Đường Cải cách Hành chính") == "duong cai cach hanh chinh"
    assert vn.fold("ĐẶC KHU Hòn Khoai") == "dac khu hon khoai"


@given(st.text(alphabet=VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " ", max_size=40))
def test_fold_gives_plain_ascii_and_is_idempotent(text):
    folded = vn.fold(text)
    assert folded.isascii()
    assert vn.fold(folded) == folded
    assert len(folded) == len(text)


def test_sort_key_puts_d_stroke_after_d_and_before_e():
    words = ["Em", "Đào", "Dung", "Zô", "An", "Ân", "Ăn"]
    assert sorted(words, key=vn.sort_key) == ["An", "Ăn", "Ân", "Dung", "Đào", "Em", "Zô"]


def test_tones_sort_after_the_base_letter():
    words = ["mạ", "mã", "mà", "ma", "mả", "má"]
    assert sorted(words, key=vn.sort_key) == ["ma", "mà", "má", "mả", "mã", "mạ"]


def test_official_lists_sort_by_given_name_then_the_rest():
    names = ["Nguyễn Văn Bình", "Trần Thị An", "Lê Đức Anh", "Phạm Văn An", "Đỗ Thị Đào"]
    assert sorted(names, key=vn.name_sort_key) == [
        "Phạm Văn An",
        "Trần Thị An",
        "Lê Đức Anh",
        "Nguyễn Văn Bình",
        "Đỗ Thị Đào",
    ]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 2, 1), "An Lạc, ngày 01 tháng 02 năm 2026"),
        (date(2026, 1, 15), "An Lạc, ngày 15 tháng 01 năm 2026"),
        (date(2026, 3, 5), "An Lạc, ngày 05 tháng 3 năm 2026"),
        (date(2026, 12, 31), "An Lạc, ngày 31 tháng 12 năm 2026"),
    ],
)
def test_place_date_line_follows_decree_30(day, expected):
    assert vn.place_date_line("An Lạc", day) == expected


def test_article_datetime_in_local_time_with_weekday():
    from zoneinfo import ZoneInfo

    moment = datetime(2020, 1, 3, 9, 27, tzinfo=ZoneInfo("UTC"))
    assert vn.article_datetime(moment) == "Thứ Sáu, 03/01/2020 | 16:27"
    assert vn.weekday_name(date(2026, 11, 29)) == "Chủ nhật"


def test_numbers_and_money():
    assert vn.format_number(1234567) == "1.234.567"
    assert vn.format_number(1234.5, 1) == "1.234,5"
    assert vn.format_money(800000) == "800.000 đồng"


def test_numbers_round_and_keep_vietnamese_separators_in_any_language():
    from decimal import Decimal

    from django.utils import translation

    with translation.override("en"):
        assert vn.format_number(1234567.25, 1) == "1.234.567,2"  # rounded, not truncated
        assert vn.format_number(11.16, 1) == "11,2"
        assert vn.format_number(-1234.5) == "-1.234"  # Python's rounding, half to even
        assert vn.format_number(Decimal("0.05"), 2) == "0,05"
        assert vn.format_number(None) == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+84 912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0290 3822 000", None),
        ("0212345678", None),
        ("012345", None),
        ("0112345678", None),
        ("", None),
    ],
)
def test_phone_normalisation(raw, expected):
    assert vn.normalize_phone(raw) == expected


def test_cccd_checks_format_century_and_birth_year():
    assert vn.cccd_problem("09409001234") == "format"
    assert vn.cccd_problem("0940900123a4") == "format"
    assert vn.cccd_problem("094590012345") == "century"
    assert vn.cccd_problem("094090012345", date(1990, 5, 1)) is None
    assert vn.cccd_problem("094190012345", date(1990, 5, 1)) is None  # female, 1900s
    assert vn.cccd_problem("094290012345", date(1990, 5, 1)) == "birth_year"
    assert vn.cccd_problem("094203012345", date(2003, 5, 1)) is None
    assert vn.mask_cccd("094090012345") == "*********345"


def test_cccd_takes_ascii_digits_only_and_pasted_fullwidth_digits_are_normalised():
    fullwidth = "０79090001234"
    assert vn.cccd_problem(fullwidth) == "format"
    assert vn.cccd_problem("٠٧٩٠٩٠٠٠١٢٣٤") == "format"  # Arabic-Indic digits
    assert vn.cccd_problem("079090001234\n") == "format"
    assert vn.normalize_cccd(fullwidth) == "079090001234"
    assert vn.normalize_cccd(" ０７９ ０９０ ００１ ２３４ ") == "079090001234"
    assert vn.normalize_cccd("٠٧٩٠٩٠٠٠١٢٣٤") == "٠٧٩٠٩٠٠٠١٢٣٤"  # left for the check to refuse
    assert vn.cccd_problem(vn.normalize_cccd(fullwidth), date(1990, 5, 1)) is None


def test_one_weekday_style_everywhere():
    """Django's own Vietnamese says "Thứ 7"; every {{ date|date:"l" }} reads as our documents do."""
    import datetime as dt

    from django.utils import dateformat, translation

    days = [dt.date(2026, 12, 7) + dt.timedelta(days=n) for n in range(7)]
    with translation.override("vi"):
        assert [dateformat.format(day, "l") for day in days] == [
            vn.weekday_name(day) for day in days
        ]
        assert dateformat.format(days[5], "l") == "Thứ Bảy"
    with translation.override("en"):
        assert dateformat.format(days[5], "l") == "Saturday"
