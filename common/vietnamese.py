"""Vietnamese text, names, numbers, dates and identity numbers, used by every app."""

import re
import unicodedata
from datetime import date, datetime

from django.utils import numberformat, timezone
from django.utils.formats import get_format
from django.utils.translation import gettext_noop

# --------------------------------------------------------------------------------------------
# Tone-insensitive text
# --------------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower-case text without tone marks: "Đường Cải cách" -> "duong cai cach".

    NFD separates the combining marks, which are dropped; đ/Đ has no decomposition, so it is
    folded explicitly.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("Đ", "D").casefold()


def normalize(text: str) -> str:
    """NFC form, lower-case, single spaces: the key for exact-tone comparisons."""
    return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())


# --------------------------------------------------------------------------------------------
# Vietnamese alphabetical order
# --------------------------------------------------------------------------------------------

_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
# Tones order after the base letter: none, huyền, sắc, hỏi, ngã, nặng.
_TONE_RANK = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
# Marks that make a distinct letter (ă â ê ô ơ ư) rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def _letter_key(text: str):
    letters, tones = [], []
    for ch in unicodedata.normalize("NFC", text.casefold()):
        parts = unicodedata.normalize("NFD", ch)
        base = parts[0]
        tone = 0
        for mark in parts[1:]:
            if mark in _LETTER_MARKS:
                base = unicodedata.normalize("NFC", base + mark)
            else:
                tone = _TONE_RANK.get(mark, tone)
        if base in _LETTER_RANK:
            letters.append((0, _LETTER_RANK[base]))
        elif base.isdigit():
            letters.append((-1, ord(base)))
        else:
            letters.append((1, ord(base)))
        tones.append(tone)
    return tuple(letters), tuple(tones)


def sort_key(text: str):
    """A key that orders words as a Vietnamese dictionary does (Đ after D, tones after base)."""
    letters, tones = _letter_key(text or "")
    return letters, tones


def name_sort_key(full_name: str):
    """Official lists sort by given name (the last word), then by the rest of the full name."""
    words = (full_name or "").split()
    if not words:
        return sort_key(""), sort_key("")
    return sort_key(words[-1]), sort_key(" ".join(words[:-1]))


# --------------------------------------------------------------------------------------------
# Dates and numbers
# --------------------------------------------------------------------------------------------

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]

# Django's Vietnamese writes the days "Thứ 2" … "Thứ 7"; official documents and this site write
# them out ("Thứ Hai"). These msgids are Django's own, so the project catalogue (first in
# LOCALE_PATHS) makes every {{ date|date:"l" }} read as WEEKDAYS does, in one style everywhere.
DJANGO_WEEKDAY_MSGIDS = (
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
)


def weekday_name(value: date) -> str:
    return WEEKDAYS[value.weekday()]


def article_datetime(value: datetime) -> str:
    """News style: "Thứ Sáu, 03/01/2020 | 16:27", in the site's time zone."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{weekday_name(value)}, {value:%d/%m/%Y} | {value:%H:%M}"


def place_date_line(place: str, value: date) -> str:
    """Decree 30/2020: "An Lạc, ngày 05 tháng 3 năm 2026"; months 1 and 2 take a leading zero."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value).date()
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    line = f"ngày {value.day:02d} tháng {month} năm {value.year}"
    return f"{place}, {line}" if place else line


def format_number(value, decimals: int = 0) -> str:
    """1234567.5 -> "1.234.567,5": the separators of the Vietnamese format module
    (common/formats/vi), whatever the active language (an English page quoting a Vietnamese
    figure writes it the same way). Rounded first, as Django's formatter only truncates."""
    if value is None:
        return ""
    rounded = f"{float(value):.{decimals}f}" if decimals else str(round(value))
    return numberformat.format(
        rounded,
        get_format("DECIMAL_SEPARATOR", lang="vi"),
        decimal_pos=decimals or None,
        grouping=get_format("NUMBER_GROUPING", lang="vi"),
        thousand_sep=get_format("THOUSAND_SEPARATOR", lang="vi"),
        force_grouping=True,
    )


def format_money(value) -> str:
    return f"{format_number(value)} đồng"


# --------------------------------------------------------------------------------------------
# Phones and citizen identity numbers
# --------------------------------------------------------------------------------------------

MOBILE_PREFIXES = ("03", "05", "07", "08", "09")
_PHONE_RE = re.compile(r"^0\d{9}$")


def normalize_phone(raw: str) -> str | None:
    """'+84 912 345 678' -> '0912345678'; None unless it is a Vietnamese mobile number."""
    digits = re.sub(r"[\s.\-()]", "", raw or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not _PHONE_RE.match(digits):
        return None
    if not digits.startswith(MOBILE_PREFIXES):
        return None
    return digits


# ASCII digits only: "\d" also matches fullwidth and other scripts' digits, which would let the
# same number be entered twice under different spellings.
_CCCD_RE = re.compile(r"[0-9]{12}")


#: What people type between groups of digits: "079 090 001 234", "079.090.001.234", "079-090-…".
_CCCD_SEPARATORS = re.compile(r"[\s.\-]")


def normalize_cccd(raw: str) -> str:
    """A pasted CCCD number in the one spelling that is stored and compared: NFKC turns
    fullwidth digits ("０７９…") into ASCII ones, spaces, dots and hyphens are dropped. Anything
    else is left as it is for `cccd_problem` to refuse."""
    return _CCCD_SEPARATORS.sub("", unicodedata.normalize("NFKC", raw or ""))


def cccd_problem(number: str, birth_date: date | None = None) -> str | None:
    """Why a CCCD number is not valid, as a code, or None when it is.

    Codes: "format" (not 12 digits), "century" (4th digit not 0-3), "birth_year" (5th-6th digits
    disagree with the date of birth).
    """
    if not _CCCD_RE.fullmatch(number or ""):
        return "format"
    century_digit = int(number[3])
    if century_digit > 3:
        return "century"
    if birth_date is not None:
        century = 1900 if century_digit < 2 else 2000
        if century + int(number[4:6]) != birth_date.year:
            return "birth_year"
    return None


def mask_cccd(number: str) -> str:
    """Show only the last three digits: '*********789'."""
    if not number:
        return ""
    return "*" * (len(number) - 3) + number[-3:]


def format_duration(milliseconds, precise=False) -> str:
    """725_000 -> "12 phút 05 giây"; with `precise`, milliseconds as the ranking uses them:
    "12 phút 05,123 giây". Hours appear from one hour on."""
    from django.utils.translation import gettext

    if milliseconds is None:
        return ""
    milliseconds = max(0, int(milliseconds))
    seconds, millis = divmod(milliseconds, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    second_text = f"{seconds:02d},{millis:03d}" if precise else f"{seconds:02d}"
    if hours:
        return gettext("%(hours)d h %(minutes)02d min %(seconds)s s") % {
            "hours": hours,
            "minutes": minutes,
            "seconds": second_text,
        }
    return gettext("%(minutes)d min %(seconds)s s") % {"minutes": minutes, "seconds": second_text}


# --------------------------------------------------------------------------------------------
# Searching unit names as civil servants type them
# --------------------------------------------------------------------------------------------

#: Abbreviations people type for unit names, folded, with what they stand for (folded).
UNIT_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "ub": "uy ban",
    "tt": "trung tam",
    "vp": "van phong",
    "tp": "thanh pho",
    "p": "phuong",
    "x": "xa",
    "dk": "dac khu",
    "nv": "noi vu",
    "snv": "so noi vu",
    "bql": "ban quan ly",
    "dvsn": "don vi su nghiep",
}


def unit_query_words(text, limit=10) -> list[str]:
    """ "UBND P. Trung Tâm" -> ["uy", "ban", "nhan", "dan", "phuong", "trung", "tam"]: folded
    words without punctuation, abbreviations spelled out."""
    words = re.findall(r"[0-9a-z]+", fold(text or ""))[:limit]
    return [part for word in words for part in UNIT_ABBREVIATIONS.get(word, word).split()]
