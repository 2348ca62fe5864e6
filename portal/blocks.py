"""The one StreamField vocabulary of the portal: every body (news, standard pages) uses it.

What a block contributes to search (and to the reading time) is its `get_searchable_content`,
as Wagtail's search uses it; a block overrides it only to leave out what readers do not read
as text (a heading's level, a link's kind and slug, a photo credit).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock


class ParagraphBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "portal/blocks/paragraph.html"
        preview_value = (
            "<p>Năm 2026, tỉnh An Lạc tiếp tục đẩy mạnh cải cách hành chính, lấy người dân "
            "và doanh nghiệp làm trung tâm phục vụ.</p>"
        )
        features = ["bold", "italic", "link", "ol", "ul", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "portal/blocks/heading.html"
        preview_value = {"text": "Mục tiêu trọng tâm", "level": "h2"}

    def get_searchable_content(self, value):
        return [value["text"]]


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)
    credit = blocks.CharBlock(
        label=_("Credit"),
        required=False,
        max_length=100,
        help_text=_('Who took the photo, shown as "Ảnh: M.Đ".'),
    )

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = "portal/blocks/image.html"
        preview_value = {"caption": "Quang cảnh hội nghị", "credit": "M.Đ"}

    def get_searchable_content(self, value):
        return [value["caption"]]


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quotation")
        template = "portal/blocks/quote.html"
        preview_value = {
            "text": "Mỗi thủ tục được rút gọn là một lần người dân đỡ phải đi lại.",
            "attribution": "Giám đốc Sở Nội vụ",
        }


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the document's title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document attachment")
        template = "portal/blocks/document.html"
        preview_value = {"title": "Kế hoạch cải cách hành chính năm 2026"}


def validate_programme_slug(value):
    if not value or "/" in value or " " in value:
        raise ValidationError(
            _("Enter the course or contest's short name (slug), without slashes.")
        )


class ProgrammeLinkBlock(blocks.StructBlock):
    """A card pointing to a course or a contest, looked up by its slug when the page is shown."""

    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("course", _("Course")), ("contest", _("Contest"))],
        default="course",
    )
    slug = blocks.CharBlock(
        label=_("Slug"),
        max_length=200,
        validators=[validate_programme_slug],
        help_text=_("The short name in the course or contest address."),
    )
    text = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the course or contest's title."),
    )

    class Meta:
        icon = "link"
        label = _("Link to a course or contest")
        template = "portal/blocks/programme_link.html"
        preview_value = {"kind": "course", "slug": "boi-duong-cchc", "text": "Lớp bồi dưỡng CCHC"}

    def get_searchable_content(self, value):
        return [value["text"]]


class LegalDocumentsBlock(blocks.StructBlock):
    """Documents of the register an article is about (the plan it reports on, the decision it
    announces), shown with their number, date and whether they are still in force."""

    heading = blocks.CharBlock(
        label=_("Heading"),
        required=False,
        max_length=200,
        help_text=_('Leave empty for "Văn bản liên quan".'),
    )
    documents = blocks.ListBlock(
        SnippetChooserBlock(
            "legaldocs.LegalDocument", label=pgettext_lazy("legal document", "Document")
        ),
        label=pgettext_lazy("legal documents", "Documents"),
        min_num=1,
        max_num=20,
    )

    class Meta:
        icon = "doc-full-inverse"
        label = _("Related legal documents")
        template = "portal/blocks/legal_documents.html"
        preview_value = {"heading": "Văn bản liên quan", "documents": []}

    def get_searchable_content(self, value):
        return [value["heading"]] if value["heading"] else []


class PortalTableBlock(TableBlock):
    class Meta:
        icon = "table"
        label = _("Table")
        template = "portal/blocks/table.html"
        preview_value = {
            "first_row_is_table_header": True,
            "data": [["Chỉ số", "2025", "2026"], ["Hồ sơ trực tuyến", "62%", "80%"]],
        }


class BodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    table = PortalTableBlock()
    document = DocumentBlock()
    programme = ProgrammeLinkBlock()
    legal_documents = LegalDocumentsBlock()

    class Meta:
        block_counts = {}
