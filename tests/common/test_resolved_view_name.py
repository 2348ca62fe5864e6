"""The view an address names, remembered for the language middleware and the page cache."""

from django.utils import translation

from common.middleware import REMEMBERED_PATH_LENGTH, _view_name, resolved_view_name


def test_an_address_is_resolved_once_per_language_and_remembered():
    _view_name.cache_clear()
    with translation.override("vi"):
        assert resolved_view_name("/tin-tuc/mot-bai-viet/") == "wagtail_serve"
        assert resolved_view_name("/tin-tuc/mot-bai-viet/") == "wagtail_serve"
        assert resolved_view_name("/khong-co-dau-gach-cheo") is None
    with translation.override("en"):
        assert resolved_view_name("/en/tin-tuc/mot-bai-viet/") == "wagtail_serve"
    info = _view_name.cache_info()
    assert (info.hits, info.misses) == (1, 3)


def test_a_long_address_is_answered_but_not_remembered():
    """Addresses come from anyone: one longer than REMEMBERED_PATH_LENGTH takes no memory."""
    _view_name.cache_clear()
    long_path = "/" + "a/" * REMEMBERED_PATH_LENGTH
    with translation.override("vi"):
        assert resolved_view_name(long_path) == "wagtail_serve"
    assert _view_name.cache_info().currsize == 0
