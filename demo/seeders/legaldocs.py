"""Demo register of legal documents (data in demo/data/legaldocs/): issuing agencies, 20 documents
written for this project (the province and its people are fictional), among them the 2026 reform
plan the news article reports on, one decision replaced by a later one, and a few signed PDFs made
at seed time. The plan is linked from its article with a "related documents" block.

Idempotent: issuers are found by name, documents by issuer, number and year, files by title.
"""

from datetime import date
from html import escape
from pathlib import Path

import weasyprint
from django.conf import settings
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from demo.files import read_json
from legaldocs import search
from legaldocs.models import Attachment, Issuer, LegalDocument
from portal.models import NewsPage

from . import report

FONTS = Path(settings.BASE_DIR) / "static" / "fonts"
COLLECTION_NAME = "Văn bản"


def seed(command=None):
    data = read_json("legaldocs/legaldocs.json")
    issuers = {}
    for row in data["issuers"]:
        issuer, _created = Issuer.objects.update_or_create(
            name=row["name"],
            defaults={"short_name": row["short_name"], "sort_order": row["sort_order"]},
        )
        issuers[row["key"]] = issuer
    documents, made = {}, 0
    for row in data["documents"]:
        issuer = issuers[row["issuer"]]
        issued_on = date.fromisoformat(row["issued_on"])
        document = LegalDocument.objects.filter(
            issuer=issuer, number_key=search.number_key(row["number"]), year=issued_on.year
        ).first()
        if document is None:
            document = LegalDocument(issuer=issuer, number=row["number"])
            made += 1
        document.doc_type = row["type"]
        document.signer = row["signer"]
        document.issued_on = issued_on
        document.effective_on = (
            date.fromisoformat(row["effective_on"]) if row["effective_on"] else None
        )
        document.area = row["area"]
        document.title = row["title"]
        document.summary = row["summary"]
        document.status = LegalDocument.Status.IN_FORCE if row.get("replaced_by") else row["status"]
        document.save()
        documents[row["number"]] = (document, row)
    for document, row in documents.values():
        if row.get("replaced_by"):
            document.replaced_by = documents[row["replaced_by"]][0]
            document.status = LegalDocument.Status.REPLACED
            document.full_clean()
            document.save()
        if row.get("pdf") and not document.attachments.exists():
            Attachment.objects.create(legal_document=document, file=_signed_pdf(document))
        if row.get("article"):
            _link_from_article(row["article"], document)
    report(command, f"  {len(documents)} legal documents ({made} new)")


def _collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


def _signed_pdf(document):
    Document = get_document_model()
    title = f"{document.number} — bản ký số"
    existing = Document.objects.filter(title=title).first()
    if existing:
        return existing
    pdf = weasyprint.HTML(string=_document_html(document)).write_pdf()
    filename = f"{search.fold(document.number).replace(' ', '-')}-{document.year}.pdf"
    wagtail_document = Document(title=title, collection=_collection())
    wagtail_document.file.save(filename, ContentFile(pdf), save=False)
    wagtail_document.file_size = len(pdf)
    wagtail_document.save()
    return wagtail_document


def _document_html(document):
    """One A4 page in the layout of a Vietnamese administrative document (Decree 30/2020)."""
    issued = document.issued_on
    kind = document.get_doc_type_display().upper() if document.doc_type != "cong-van" else ""
    return f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
@font-face {{ font-family: Serif; src: url("{(FONTS / "LiberationSerif-Regular.ttf").as_uri()}"); }}
@font-face {{ font-family: Serif; font-weight: bold;
  src: url("{(FONTS / "LiberationSerif-Bold.ttf").as_uri()}"); }}
@font-face {{ font-family: Serif; font-style: italic;
  src: url("{(FONTS / "LiberationSerif-Italic.ttf").as_uri()}"); }}
@page {{ size: A4; margin: 20mm 15mm 20mm 30mm; }}
body {{ font-family: Serif; font-size: 13pt; line-height: 1.4; }}
.head {{ display: flex; justify-content: space-between; text-align: center; font-size: 12pt; }}
.head div {{ width: 48%; }} .b {{ font-weight: bold; }} .i {{ font-style: italic; }}
h1 {{ text-align: center; font-size: 14pt; margin: 24pt 0 4pt; }}
.subject {{ text-align: center; font-weight: bold; margin-bottom: 18pt; }}
.sign {{ margin-left: 55%; text-align: center; margin-top: 30pt; }}
.demo {{ margin-top: 40pt; font-size: 10pt; color: #555; border-top: 1px solid #999; }}
</style></head><body>
<div class="head"><div><span class="b">{escape(document.issuer.name.upper())}</span><br>
Số: {escape(document.number)}</div>
<div><span class="b">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</span><br>
<span class="b">Độc lập - Tự do - Hạnh phúc</span><br>
<span class="i">An Lạc, ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}</span></div></div>
<h1>{escape(kind)}</h1><p class="subject">{escape(document.title)}</p>
<p>{escape(document.summary)}</p>
<div class="sign"><span class="b">{escape(document.signer)}</span><br><br><br>(Đã ký)</div>
<p class="demo">Văn bản mẫu của bản trình diễn Cổng thông tin cải cách hành chính tỉnh An Lạc
(tỉnh giả định).</p>
</body></html>"""


def _link_from_article(slug, document):
    """Put the document in its article's body once (a "related documents" block), as an editor
    would, and publish that revision."""
    page = NewsPage.objects.filter(slug=slug).first()
    if page is None:
        return
    if any(block.block_type == "legal_documents" for block in page.body):
        return
    page.body.append(("legal_documents", {"heading": "Văn bản liên quan", "documents": [document]}))
    page.save_revision().publish()
