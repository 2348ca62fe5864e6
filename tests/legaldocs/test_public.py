"""The public register: filters, search with and without tone marks, a document's page, its
files (PDF inline, others and ?tai-ve=1 as downloads), the feed, the sitemap, site search, and
constant query counts as the register grows."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection, CollectionViewRestriction

from legaldocs.models import LegalDocument

from .conftest import attach, make_document, make_file, make_many

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"


@pytest.fixture
def register(ubnd, snv, plan):
    """The plan and five more, across types, issuers, areas and years."""
    return {
        "plan": plan,
        "decision": make_document(
            ubnd,
            "145/QĐ-UBND",
            doc_type="quyet-dinh",
            area="leadership",
            issued_on=date(2026, 1, 15),
            title="Quyết định ban hành Bộ chỉ số cải cách hành chính năm 2026",
        ),
        "letter": make_document(
            ubnd,
            "320/UBND-NC",
            doc_type="cong-van",
            area="leadership",
            issued_on=date(2026, 2, 10),
            title="Về việc hưởng ứng Cuộc thi trực tuyến tìm hiểu cải cách hành chính",
        ),
        "training": make_document(
            snv,
            "22/KH-SNV",
            area="civil_service",
            issued_on=date(2026, 1, 28),
            title="Kế hoạch bồi dưỡng kỹ năng cho công chức bộ phận một cửa",
            summary="Mở 8 lớp bồi dưỡng về giải quyết thủ tục hành chính.",
        ),
        "old_plan": make_document(
            ubnd,
            "215/KH-UBND",
            issued_on=date(2024, 12, 20),
            title="Kế hoạch cải cách hành chính năm 2025",
            status=LegalDocument.Status.EXPIRED,
        ),
        "hidden": make_document(
            ubnd, "99/KH-UBND", title="Kế hoạch nội bộ chưa công bố", is_public=False
        ),
    }


def numbers(response):
    return [document.number for document in response.context["page_obj"].object_list]


def test_list_shows_published_documents_newest_first(client, register):
    response = client.get("/van-ban/")
    assert response.status_code == 200
    assert numbers(response) == [
        "320/UBND-NC",
        "22/KH-SNV",
        "145/QĐ-UBND",
        "05/KH-UBND",
        "215/KH-UBND",
    ]
    assert "99/KH-UBND" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("loai=ke-hoach", ["22/KH-SNV", "05/KH-UBND", "215/KH-UBND"]),
        ("loai=cong-van", ["320/UBND-NC"]),
        ("linh_vuc=leadership", ["320/UBND-NC", "145/QĐ-UBND"]),
        ("nam=2024", ["215/KH-UBND"]),
        ("loai=ke-hoach&nam=2026&linh_vuc=", ["22/KH-SNV", "05/KH-UBND"]),
        # A filter value that no longer exists (a stale link) is dropped, the others still apply.
        ("loai=khong-co&nam=2024", ["215/KH-UBND"]),
        ("nam=abc", ["320/UBND-NC", "22/KH-SNV", "145/QĐ-UBND", "05/KH-UBND", "215/KH-UBND"]),
    ],
)
def test_filters(client, register, query, expected):
    assert numbers(client.get(f"/van-ban/?{query}")) == expected


def test_filter_by_issuer(client, register, snv):
    assert numbers(client.get(f"/van-ban/?co_quan={snv.pk}")) == ["22/KH-SNV"]
    # An issuer without published documents is not offered.
    html = client.get("/van-ban/").content.decode()
    assert f'value="{snv.pk}"' in html


@pytest.mark.parametrize(
    ("query", "first", "count"),
    [
        ("05/KH-UBND", "05/KH-UBND", 1),
        ("05/kh-ubnd", "05/KH-UBND", 1),
        ("05 kh ubnd", "05/KH-UBND", 1),
        ("145/QĐ-UBND", "145/QĐ-UBND", 1),
        ("145/qd-ubnd", "145/QĐ-UBND", 1),
        # Parts of a number: the documents numbered so come first, newest first.
        ("kh ubnd", "05/KH-UBND", 2),
        ("KH-SNV", "22/KH-SNV", 1),
        # Words of the subject or summary, with or without tone marks.
        ("kế hoạch cải cách", "05/KH-UBND", 2),
        ("ke hoach cai cach", "05/KH-UBND", 2),
        ("KE HOACH CAI CACH", "05/KH-UBND", 2),
        ("bo chi so", "145/QĐ-UBND", 1),
        ("giai quyet thu tuc", "22/KH-SNV", 1),
        ("tìm hiểu", "320/UBND-NC", 1),
    ],
)
def test_search_by_number_and_words(client, register, query, first, count):
    found = numbers(client.get("/van-ban/", {"q": query}))
    assert found[0] == first
    assert len(found) == count


def test_search_matches_the_start_of_words_only(client, register):
    # "12" is not in 145/QĐ-UBND nor 215/KH-UBND; "uan" starts no word.
    assert numbers(client.get("/van-ban/", {"q": "12"})) == []
    assert numbers(client.get("/van-ban/", {"q": "uan"})) == []


def test_search_never_finds_an_unpublished_document(client, register):
    assert numbers(client.get("/van-ban/", {"q": "99/KH-UBND"})) == []
    assert numbers(client.get("/van-ban/", {"q": "noi bo"})) == []


def test_search_combines_with_filters(client, register):
    found = numbers(client.get("/van-ban/", {"q": "ke hoach", "nam": "2024"}))
    assert found == ["215/KH-UBND"]


def test_a_long_or_odd_query_is_no_error(client, register):
    assert client.get("/van-ban/", {"q": "x" * 5000}).status_code == 200
    assert client.get("/van-ban/", {"q": "/-/"}).status_code == 200
    assert client.get("/van-ban/", {"trang": "999"}).status_code == 200


def test_detail_page(client, register, vi):
    newer = register["decision"]
    old = make_document(
        register["plan"].issuer,
        "1820/QĐ-UBND",
        doc_type="quyet-dinh",
        issued_on=date(2025, 8, 20),
        title="Bộ chỉ số năm 2025",
        replaced_by=newer,
    )
    response = client.get(old.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bị thay thế" in html
    assert f'href="{newer.get_absolute_url()}"' in html
    assert "20/08/2025" in html
    # The newer document lists what it replaces.
    html = client.get(newer.get_absolute_url()).content.decode()
    assert "Thay thế cho" in html and old.get_absolute_url() in html
    html = client.get(register["plan"].get_absolute_url()).content.decode()
    assert "Còn hiệu lực" in html and "Chủ tịch Lê Minh Quang" in html
    assert "08/01/2026" in html


def test_unpublished_or_unknown_document_is_not_found(client, register):
    assert client.get(register["hidden"].get_absolute_url()).status_code == 404
    assert client.get("/van-ban/khong-co/").status_code == 404


def test_an_unpublished_replacement_is_not_linked(client, register):
    plan = register["old_plan"]
    plan.replaced_by = register["hidden"]
    plan.full_clean()
    plan.save()
    html = client.get(plan.get_absolute_url()).content.decode()
    assert register["hidden"].get_absolute_url() not in html


def test_pdf_is_shown_inline_and_downloadable(client, plan):
    attachment = attach(plan, make_file())
    html = client.get(plan.get_absolute_url()).content.decode()
    url = attachment.get_absolute_url()
    assert f'<iframe src="{url}"' in html
    assert f'href="{url}?tai-ve=1"' in html
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert "object-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    download = client.get(url, {"tai-ve": "1"})
    assert download["Content-Disposition"].startswith("attachment;")


def test_other_files_are_downloads_and_not_framed(client, plan):
    attachment = attach(plan, make_file("Phụ lục", "phu-luc.xlsx", b"PK\x03\x04"))
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "<iframe" not in html
    response = client.get(attachment.get_absolute_url())
    assert response["Content-Disposition"].startswith("attachment;")
    # The site's own policy, not the PDF one.
    assert "object-src 'none'" in response["Content-Security-Policy"]


def test_files_only_through_their_published_document(client, register):
    plan, hidden = register["plan"], register["hidden"]
    hidden_file = attach(hidden, make_file("Nội bộ", "noi-bo.pdf"))
    # The hidden document's file, by its own address or through another document's.
    assert client.get(hidden_file.get_absolute_url()).status_code == 404
    assert client.get(f"/van-ban/{plan.slug}/tep/{hidden_file.pk}/").status_code == 404


def test_files_from_a_restricted_collection_are_not_served(client, plan):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Nội bộ")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    attachment = attach(plan, make_file(collection=private))
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_rss_of_new_documents(client, register):
    response = client.get("/van-ban/rss.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    titles = [node.text for node in root.iter("title")]
    assert "22/KH-SNV: Kế hoạch bồi dưỡng kỹ năng cho công chức bộ phận một cửa" in titles
    assert not any(title.startswith("99/KH-UBND") for title in titles)
    links = [node.text for node in root.iter("link")]
    assert f"http://testserver{register['plan'].get_absolute_url()}" in links
    # Newest in the register first: the last one added.
    items = root.find("channel").findall("item")
    assert items[0].find("title").text.startswith("99/") is False
    assert items[0].find("title").text.startswith("215/KH-UBND")


def test_sitemap_lists_published_documents_and_follows_changes(
    client, register, django_capture_on_commit_callbacks
):
    def locations():
        root = ET.fromstring(client.get("/sitemap.xml").content)
        return [node.text for node in root.iter(SITEMAP)]

    found = locations()
    assert f"http://testserver{register['plan'].get_absolute_url()}" in found
    assert f"http://testserver{register['hidden'].get_absolute_url()}" not in found
    # The sitemap is cached; publishing a document drops the cached copy.
    hidden = register["hidden"]
    hidden.is_public = True
    with django_capture_on_commit_callbacks(execute=True):
        hidden.save()
    assert f"http://testserver{hidden.get_absolute_url()}" in locations()
    with django_capture_on_commit_callbacks(execute=True):
        hidden.delete()
    assert f"http://testserver{hidden.get_absolute_url()}" not in locations()


def test_site_search_ranks_documents_with_the_rest(
    client, register, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    call_command("rebuild_search_index", verbosity=0)
    # Documents are in the portal's one ranked list, with their own facet; unpublished ones not.
    html = client.get("/tim-kiem/", {"q": "bộ chỉ số"}).content.decode()
    assert register["decision"].get_absolute_url() in html
    assert "loai=legal_document" in html and "Văn bản" in html
    html = client.get("/tim-kiem/", {"q": "kh ubnd", "loai": "legal_document"}).content.decode()
    assert register["plan"].get_absolute_url() in html
    # The number as written, slash and all, finds its document.
    html = client.get("/tim-kiem/", {"q": "05/kh-ubnd"}).content.decode()
    assert register["plan"].get_absolute_url() in html
    assert register["hidden"].get_absolute_url() not in html
    # The index follows the register: a document taken off the portal leaves the results.
    plan = register["plan"]
    plan.is_public = False
    with django_capture_on_commit_callbacks(execute=True):
        plan.save()
    html = client.get("/tim-kiem/", {"q": "kh ubnd", "loai": "legal_document"}).content.decode()
    assert plan.get_absolute_url() not in html


def test_header_links_to_the_register(client, register):
    html = client.get("/van-ban/").content.decode()
    assert 'href="/van-ban/" aria-current="page"' in html
    assert 'href="/van-ban/rss.xml"' in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/van-ban/",
        "/van-ban/?loai=bao-cao&nam=2024",
        "/van-ban/?q=bao+cao",
        "/van-ban/?q=5%2Fbc-ubnd",
        "/van-ban/rss.xml",
        "/sitemap.xml",
    ],
)
def test_query_counts_do_not_grow_with_the_register(client, ubnd, snv, url):
    make_many(ubnd, 10)
    _queries(client, url)  # the first request also loads what the process keeps (site settings)
    cache.clear()
    few = _queries(client, url)
    make_many(snv, 990, start=10)
    cache.clear()
    assert _queries(client, url) == few


def test_detail_query_count(client, plan, django_assert_max_num_queries):
    attach(plan, make_file())
    attach(plan, make_file("Phụ lục", "phu-luc.pdf"))
    with django_assert_max_num_queries(6):
        assert client.get(plan.get_absolute_url()).status_code == 200
