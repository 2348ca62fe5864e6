import io

import pytest
from django.core.cache import cache
from pypdf import PdfReader

from portal import pdf

from .factories import make_image, make_news


@pytest.fixture
def illustrated(news_index, category):
    return make_news(
        news_index,
        title="Đường dây nóng cải cách hành chính",
        lead="Người dân phản ánh qua số điện thoại 1022.",
        image=make_image(),
        category=category,
    )


def test_save_pdf_returns_the_article_with_vietnamese_text(client, illustrated):
    response = client.get(f"/bai-viet/{illustrated.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Đường dây nóng" in text
    assert "Ảnh: M.Đ" in text
    assert f"http://testserver{illustrated.url}" in text.replace("\n", "")
    # The hero image was embedded (fetched from our media storage).
    assert any(page.images for page in reader.pages)


def test_pdf_is_cached_per_revision(client, illustrated, monkeypatch):
    first = client.get(f"/bai-viet/{illustrated.pk}/pdf/").content
    assert cache.get(pdf.cache_key(illustrated)) == first
    calls = []
    monkeypatch.setattr(
        pdf, "render_article", lambda page, request=None: calls.append(page) or b"%PDF-new"
    )
    assert client.get(f"/bai-viet/{illustrated.pk}/pdf/").content == first
    assert calls == []
    illustrated.title = "Tiêu đề mới"
    illustrated.save_revision().publish()
    illustrated.refresh_from_db()
    assert client.get(f"/bai-viet/{illustrated.pk}/pdf/").content == b"%PDF-new"
    assert len(calls) == 1


def test_pdf_of_a_draft_is_404(client, news_index):
    draft = make_news(news_index, title="Bản nháp", publish=False)
    assert client.get(f"/bai-viet/{draft.pk}/pdf/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/image.png",
        "https://portal.invalid/etc/passwd",
        "https://portal.invalid/static/../../etc/passwd",
        "https://portal.invalid/media/../settings.py",
    ],
)
def test_fetcher_serves_only_our_files(url):
    with pytest.raises((ValueError, FileNotFoundError)):
        pdf.LocalOnlyFetcher().fetch(url)


def test_fetcher_serves_static_fonts():
    response = pdf.LocalOnlyFetcher().fetch(
        "https://portal.invalid/static/fonts/LiberationSerif-Regular.ttf"
    )
    assert response.read(4) == b"\x00\x01\x00\x00"
