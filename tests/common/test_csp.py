"""The Content-Security-Policy header and the violation report endpoint (the browser side is in
tests/e2e/test_csp.py)."""

import json
import logging

import pytest
from django.test import RequestFactory
from django.urls import reverse

from common.views import server_error
from tests.factories import UserFactory
from tests.helpers import admin_client

pytestmark = pytest.mark.django_db

REPORT = {
    "csp-report": {
        "document-uri": "https://cchc.example.vn/tim-kiem/?q=nguyen+van+a&token=secret",
        "referrer": "https://cchc.example.vn/?ho-ten=Nguyen+Van+A",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "https://evil.example/x.js?user=nguyen.van.a@demo.gov.vn",
        "source-file": "https://cchc.example.vn/static/js/site.js?v=1",
        "line-number": 12,
        "script-sample": "alert('Nguyễn Văn A')",
    }
}


def policy(response):
    return dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )


def test_public_pages_get_the_strict_policy(client):
    directives = policy(client.get(reverse("account_login")))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"].startswith("'self'")
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'self'"
    assert directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"
    assert directives["report-uri"] == reverse("csp_report")


def test_the_admin_gets_its_own_policy_without_a_nonce(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    admin_client(client, staff)
    response = client.get("/admin/")
    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"] == "'self' 'unsafe-inline'"
    assert "nonce" not in response["Content-Security-Policy"]
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'self'"


def test_the_500_page_style_carries_the_nonce(rf: RequestFactory):
    request = rf.get("/")
    request.csp_nonce = "bm9uY2UtZm9yLXRlc3Q="
    body = server_error(request).content.decode()
    assert '<style nonce="bm9uY2UtZm9yLXRlc3Q=">' in body


def post_report(client, body, content_type="application/csp-report"):
    return client.post(reverse("csp_report"), body, content_type=content_type)


def test_reports_are_logged_without_personal_data(client, caplog):
    with caplog.at_level(logging.WARNING, logger="csp.violations"):
        response = post_report(client, json.dumps(REPORT))
    assert response.status_code == 204
    (record,) = [r for r in caplog.records if r.name == "csp.violations"]
    message = record.getMessage()
    assert "script-src-elem" in message
    assert "https://evil.example/x.js" in message
    assert "https://cchc.example.vn/tim-kiem/" in message
    for personal in ("nguyen", "Nguyễn", "secret", "token", "ho-ten"):
        assert personal not in message


@pytest.mark.parametrize(
    "body",
    ["not json", json.dumps([1, 2]), json.dumps({"other": 1}), json.dumps({"csp-report": 3})],
)
def test_bad_reports_are_refused(client, body):
    assert post_report(client, body).status_code == 400


def test_big_reports_and_gets_are_refused(client):
    big = json.dumps({"csp-report": {"blocked-uri": "x" * 9000}})
    assert post_report(client, big).status_code == 413
    assert client.get(reverse("csp_report")).status_code == 405


def test_reports_are_rate_limited_per_address(client):
    statuses = [post_report(client, json.dumps(REPORT)).status_code for _ in range(31)]
    assert statuses == [204] * 30 + [429]
