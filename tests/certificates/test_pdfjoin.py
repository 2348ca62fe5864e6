"""The streaming PDF joiner behind bulk printing: every page once, in order, a valid file."""

import io
import re

import pypdf
import weasyprint

from certificates.pdfjoin import PdfJoiner


def part(tmp_path, name, pages):
    # An internal link from the first page to the last: a reference between pages of a part.
    html = "".join(
        f"<section id='p{i}' style='page-break-after: always'><h1>{name} trang {i}</h1>"
        f"<p>Nguyễn Thị Ngọc Ánh <a href='#p{pages - 1}'>xem trang cuối</a></p></section>"
        for i in range(pages)
    )
    path = tmp_path / f"{name}.pdf"
    weasyprint.HTML(string=html).write_pdf(path)
    return path


def test_parts_join_into_one_valid_pdf_with_every_page_once(tmp_path):
    parts = [part(tmp_path, "Phần A", 3), part(tmp_path, "Phần B", 2), part(tmp_path, "Phần C", 1)]
    joined = tmp_path / "joined.pdf"
    with joined.open("wb") as handle:
        joiner = PdfJoiner(handle)
        for path in parts:
            joiner.add(path)
        joiner.close(title="Giấy chứng nhận (6)", author="Sở Nội vụ tỉnh An Lạc")
    data = joined.read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
    assert [page.extract_text().splitlines()[0] for page in reader.pages] == [
        "Phần A trang 0",
        "Phần A trang 1",
        "Phần A trang 2",
        "Phần B trang 0",
        "Phần B trang 1",
        "Phần C trang 0",
    ]
    # The links point into the joined file; no part's own page tree came along with them.
    assert len(re.findall(rb"/Type /Page\b(?!s)", data)) == 6
    assert len(re.findall(rb"/Type /Pages\b", data)) == 1
    assert reader.metadata.title == "Giấy chứng nhận (6)"
    assert reader.metadata.author == "Sở Nội vụ tỉnh An Lạc"
