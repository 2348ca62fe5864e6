import datetime as dt
import re

import pytest
from django.urls import reverse

from certificates import services
from certificates.views import VERIFY_LIMIT
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_valid_certificate_shows_holder_but_no_personal_data(client, make_certificate):
    holder = UserFactory(
        full_name="Võ Thị Sáu", date_of_birth=dt.date(1988, 2, 7), phone="0912345678"
    )
    certificate = make_certificate(holder)
    response = client.get(reverse("certificates:verify_code", args=[certificate.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Còn hiệu lực" in html
    assert "Võ Thị Sáu" in html
    assert "Sở Nội vụ tỉnh An Lạc" in html
    assert certificate.achievement in html
    assert "07/02/1988" not in html and "1988" not in html
    assert "0912345678" not in html
    assert holder.email not in html


def test_revoked_certificate_shows_date_and_reason(client, make_certificate):
    certificate = make_certificate()
    services.revoke(certificate, reason="altered")
    certificate.refresh_from_db()
    response = client.get(reverse("certificates:verify_code", args=[certificate.code]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đã thu hồi" in html
    assert certificate.revoked_at.astimezone(dt.UTC).strftime("%Y") in html
    assert "Bị tẩy xóa, sửa chữa" in html
    assert "Còn hiệu lực" not in html


def test_replaced_certificate_links_to_its_replacement(client, make_certificate):
    old = make_certificate()
    new = services.reissue(old)
    response = client.get(reverse("certificates:verify_code", args=[old.code]))
    html = response.content.decode()
    assert "Đã được thay thế" in html
    assert new.get_verify_url() in html
    assert client.get(new.get_verify_url()).status_code == 200


def test_certification_of_completion_is_verifiable(client, make_certificate):
    confirmation = services.certify_completion(make_certificate())
    html = client.get(confirmation.get_verify_url()).content.decode()
    assert "Giấy xác nhận hoàn thành này do chúng tôi cấp" in html


@pytest.mark.parametrize(
    "code",
    ["short", "x" * 65, "abc%20def" * 4, "../../etc/passwd", "A" * 32, "'; DROP TABLE--" * 3],
)
def test_malformed_or_unknown_codes_get_a_clear_404(client, code):
    response = client.get(f"/chung-nhan/xac-minh/{code}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Mã xác minh này không hợp lệ." in html or "Không tìm thấy giấy chứng nhận" in html


CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def check(client, q, full_name="", birth_year="", **extra):
    return client.post(
        reverse("certificates:verify"),
        {"q": q, "full_name": full_name, "birth_year": birth_year},
        **extra,
    )


def test_a_serial_alone_reveals_nothing(client, make_certificate):
    holder = UserFactory(full_name="Đinh Thị Kim Oanh", date_of_birth=dt.date(1991, 4, 2))
    certificate = make_certificate(holder)
    for response in (
        client.get(reverse("certificates:verify"), {"q": certificate.serial}),
        check(client, certificate.serial),
    ):
        assert response.status_code in (200, 400)
        html = response.content.decode()
        assert "Đinh Thị Kim Oanh" not in html
        assert certificate.achievement not in html
        assert certificate.code not in html
    assert "họ và tên hoặc năm sinh" in html  # the form says what else it needs


def test_serial_with_the_holders_name_or_year_of_birth_finds_it(client, make_certificate):
    holder = UserFactory(full_name="Đinh Thị Kim Oanh", date_of_birth=dt.date(1991, 4, 2))
    certificate = make_certificate(holder)
    for full_name, birth_year in (
        ("Đinh Thị Kim Oanh", ""),
        ("  dinh thi   KIM oanh ", ""),  # tones, case and spaces do not matter
        ("", "1991"),
        ("Đinh Thị Kim Oanh", "1991"),
    ):
        response = check(client, certificate.serial.lower(), full_name, birth_year)
        assert response.status_code == 200, (full_name, birth_year)
        html = response.content.decode()
        assert "Còn hiệu lực" in html and "Đinh Thị Kim Oanh" in html
        assert "02/04/1991" not in html


def test_a_wrong_name_or_year_answers_exactly_as_an_unknown_serial(client, make_certificate):
    holder = UserFactory(full_name="Đinh Thị Kim Oanh", date_of_birth=dt.date(1991, 4, 2))
    certificate = make_certificate(holder)
    unknown = check(client, "SNV-1999-000001", "Đinh Thị Kim Oanh")
    assert unknown.status_code == 404
    assert "Không tìm thấy giấy chứng nhận" in unknown.content.decode()
    expected = CSRF_TOKEN.sub(b"", unknown.content)
    for full_name, birth_year in (
        ("Đinh Thị Kim Anh", ""),
        ("", "1990"),
        ("Đinh Thị Kim Oanh", "1990"),  # everything given must match
    ):
        wrong = check(client, certificate.serial, full_name, birth_year)
        assert wrong.status_code == unknown.status_code
        assert wrong["Content-Type"] == unknown["Content-Type"]
        assert CSRF_TOKEN.sub(b"", wrong.content) == expected
    nobody_born = make_certificate(UserFactory(date_of_birth=None), n=2)
    wrong = check(client, nobody_born.serial, "", "1990")
    assert CSRF_TOKEN.sub(b"", wrong.content) == expected


def test_a_verification_code_alone_still_finds_it(client, make_certificate):
    certificate = make_certificate()
    response = check(client, certificate.code)
    assert response.status_code == 302
    assert response["Location"] == certificate.get_verify_url()
    assert client.get(certificate.get_verify_url()).status_code == 200
    assert client.get(reverse("certificates:verify")).status_code == 200


@pytest.mark.parametrize("year", ["²²²²", "19901", "199", "abcd", "１９９０"])
def test_a_malformed_year_of_birth_gets_a_clear_message(client, make_certificate, year):
    certificate = make_certificate()
    response = check(client, certificate.serial, "", year)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nhập năm sinh gồm bốn chữ số" in html
    assert certificate.holder_name not in html


def test_each_serial_gets_only_a_few_checks_a_day(client, make_certificate):
    from certificates.views import SERIAL_LIMIT

    certificate = make_certificate()
    for serial in (certificate.serial, "SNV-1999-000001"):
        for n in range(SERIAL_LIMIT):
            response = check(client, serial, "", str(1960 + n), REMOTE_ADDR=f"10.0.0.{n}")
            assert response.status_code == 404
        response = check(client, serial, certificate.holder_name, REMOTE_ADDR="10.1.1.1")
        assert response.status_code == 429
        assert certificate.holder_name not in response.content.decode()


def test_checking_by_serial_runs_a_constant_number_of_queries(
    client, make_certificate, django_assert_max_num_queries
):
    certificate = make_certificate()
    for n in range(2, 5):
        make_certificate(n=n)
    # The certificate, then the site settings and the footer's service links (read once, cached).
    with django_assert_max_num_queries(4):
        response = check(client, certificate.serial, certificate.holder_name)
    assert response.status_code == 200


def test_verification_is_rate_limited_per_ip(client, make_certificate):
    certificate = make_certificate()
    url = certificate.get_verify_url()
    for _ in range(VERIFY_LIMIT):
        assert client.get(url).status_code == 200
    response = client.get(url)
    assert response.status_code == 429
    assert "Tra cứu quá nhiều lần" in response.content.decode()
    other = client.get(url, REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 200


def test_check_page_query_count_is_constant(
    client, make_certificate, django_assert_max_num_queries
):
    certificate = make_certificate()
    with django_assert_max_num_queries(4) as first:
        client.get(certificate.get_verify_url())
    for n in range(2, 6):
        make_certificate(n=n)
    with django_assert_max_num_queries(len(first)):
        client.get(certificate.get_verify_url())


def test_my_certificates_needs_login_and_lists_only_mine(
    client, make_certificate, django_assert_max_num_queries
):
    url = reverse("certificates:mine")
    assert client.get(url).status_code == 302
    me = UserFactory()
    mine = make_certificate(me, n=1)
    other = make_certificate(n=2)
    client.force_login(me)
    with django_assert_max_num_queries(9) as captured:
        response = client.get(url)
    queries = len(captured)
    html = response.content.decode()
    assert mine.serial in html and other.serial not in html
    assert "Chứng nhận của tôi" in html
    for n in range(3, 8):
        make_certificate(me, n=n)
    with django_assert_max_num_queries(queries):
        client.get(url)


def test_download_only_for_the_holder_or_organizers(client, make_certificate):
    from django.contrib.auth.models import Permission

    holder = UserFactory()
    certificate = make_certificate(holder)
    url = certificate.get_download_url()
    assert client.get(url).status_code == 302  # to login
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(holder)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    organizer = UserFactory()
    organizer.user_permissions.add(Permission.objects.get(codename="print_certificate"))
    client.force_login(organizer)
    assert client.get(url).status_code == 200
