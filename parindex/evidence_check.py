"""Which evidence files are accepted, by their first bytes as well as their names.

Office and PDF formats are checked by `common.uploads.content_matches_extension`; images and
PowerPoint, which that checker does not know, here.
"""

import zipfile

from common.uploads import content_matches_extension

ALLOWED = {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "png", "jpg", "jpeg"}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def content_matches(uploaded, extension):
    if extension in ("png", "jpg", "jpeg", "ppt", "pptx"):
        uploaded.seek(0)
        head = uploaded.read(16)
        try:
            if extension == "png":
                return head.startswith(b"\x89PNG\r\n\x1a\n")
            if extension in ("jpg", "jpeg"):
                return head.startswith(b"\xff\xd8\xff")
            if extension == "ppt":
                return head.startswith(_OLE2)
            uploaded.seek(0)
            try:
                with zipfile.ZipFile(uploaded) as archive:
                    names = archive.namelist()
            except (zipfile.BadZipFile, ValueError, OSError):
                return False
            return "[Content_Types].xml" in names and any(n.startswith("ppt/") for n in names)
        finally:
            uploaded.seek(0)
    return content_matches_extension(uploaded, extension)
