"""Limits on the files editors upload to Wagtail's public media (documents and images).

Wagtail checks an image's size, pixels and real format itself, and a document's size
(WAGTAILIMAGES_* and WAGTAILDOCS_MAX_UPLOAD_SIZE in base.py). A document's type it takes from
the extension alone: a "report.pdf" that is really a Windows program would be served from the
site's own address. `DocumentForm` (installed with WAGTAILDOCS_DOCUMENT_FORM_BASE) checks the
first bytes against the extension, and says "too large" in Vietnamese (Wagtail's Vietnamese
catalogue lacks that message).
"""

import zipfile

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc and .xls of Office 97-2003
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OPENDOCUMENT = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
_OFFICE_OPEN_XML = {"docx": "word/", "xlsx": "xl/"}


def content_matches_extension(uploaded, extension):
    """Whether the bytes of `uploaded` are what its extension says."""
    uploaded.seek(0)
    head = uploaded.read(8192)
    try:
        if extension == "pdf":
            return head.startswith(b"%PDF-")
        if extension in ("doc", "xls"):
            return head.startswith(_OLE2)
        if extension == "zip":
            return head.startswith(_ZIP)
        if extension == "txt":
            return b"\x00" not in head and _decodes(head)
        if extension in _OFFICE_OPEN_XML or extension in _OPENDOCUMENT:
            if not head.startswith(_ZIP):
                return False
            uploaded.seek(0)
            try:
                with zipfile.ZipFile(uploaded) as archive:
                    names = archive.namelist()
                    if extension in _OPENDOCUMENT:
                        return (
                            "mimetype" in names
                            and archive.read("mimetype").strip() == (_OPENDOCUMENT[extension])
                        )
            except (zipfile.BadZipFile, ValueError, OSError, KeyError):
                return False
            prefix = _OFFICE_OPEN_XML[extension]
            return "[Content_Types].xml" in names and any(n.startswith(prefix) for n in names)
        # An extension allowed in settings but unknown here: no claim to check.
        return True
    finally:
        uploaded.seek(0)


def _decodes(head):
    for encoding in ("utf-8", "cp1258"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as error:
            # The 8 KB cut may split a UTF-8 letter in two; that is not a binary file.
            if encoding == "utf-8" and error.start >= len(head) - 3:
                return True
            continue
        return True
    return False


class DocumentForm(BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].error_messages["file_too_large"] = _(
                "The file is too large (%(file_size)s); the limit is %(max_filesize)s."
            )

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not uploaded or not hasattr(uploaded, "content_type"):
            return uploaded  # unchanged on edit: already checked when it was uploaded
        extension = uploaded.name.rpartition(".")[2].lower()
        if not content_matches_extension(uploaded, extension):
            raise forms.ValidationError(
                _(
                    "The content of the file is not a .%(extension)s file. Upload the document"
                    " itself, saved in the format its name says."
                )
                % {"extension": extension}
            )
        return uploaded
