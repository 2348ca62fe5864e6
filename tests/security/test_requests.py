"""Hostile requests get the right status and a Vietnamese page: a forged Host header is a 400
(not a 500 raised again while rendering the 400), a failed CSRF check is our 403 page."""

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


@override_settings(ALLOWED_HOSTS=["cchc.example.gov.vn"])
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/"),
        ("get", "/tin-tuc/"),
        ("get", "/khoa-hoc/"),
        ("get", "/admin/"),
        ("get", "/healthz"),
        ("post", "/tai-khoan/login/"),
    ],
)
def test_a_forged_host_header_is_a_400(method, url):
    client = Client(raise_request_exception=False)
    response = getattr(client, method)(url, HTTP_HOST="evil.example")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Yêu cầu không hợp lệ" in body
    # Nothing on the page is built from the forged host.
    assert "evil.example" not in body


@override_settings(ALLOWED_HOSTS=["cchc.example.gov.vn"])
def test_the_allowed_host_still_works():
    client = Client(raise_request_exception=False)
    assert client.get("/healthz", HTTP_HOST="cchc.example.gov.vn").status_code == 200


def test_a_failed_csrf_check_is_the_vietnamese_403_page():
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = client.post("/tai-khoan/login/", {"login": "a@example.gov.vn", "password": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert '<html lang="vi"' in body
    assert "Biểu mẫu đã hết hạn" in body
    assert "CSRF" not in body


def test_the_csrf_page_follows_the_language():
    from django.conf import settings

    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post("/tai-khoan/login/", {"login": "a@example.gov.vn", "password": "x"})
    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()
