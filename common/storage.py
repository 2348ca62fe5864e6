"""Private files: certificates, bulk prints, evidence and other files with personal data.

They live on the `private` storage (STORAGES["private"]), never under the public media URL, and
reach a browser only through a view that checks who is asking and answers with
`private_file_response()`. Private storage backends refuse to hand out URLs, so a template or a
widget that asks for one fails loudly instead of publishing the file.

Use it on a model field as ``FileField(storage=private_storage, ...)``: the callable keeps the
setting out of the migrations.
"""

import mimetypes
import posixpath

from django.core.files import File
from django.core.files.storage import FileSystemStorage, InMemoryStorage, storages
from django.db.models.fields.files import FieldFile
from django.forms import ClearableFileInput
from django.http import FileResponse, Http404

PRIVATE = "private"


def private_storage():
    return storages[PRIVATE]


class PrivateFileURLError(RuntimeError):
    """Somebody asked for a URL of a private file."""


class NoPublicURL:
    """A storage whose files have no URL: they are served by permission-checked views only."""

    def url(self, name):
        raise PrivateFileURLError(
            "Files on the private storage have no URL; serve them with a view that checks "
            "permissions and returns common.storage.private_file_response()."
        )


class PrivateFileSystemStorage(NoPublicURL, FileSystemStorage):
    """Private files on disk, under PRIVATE_MEDIA_ROOT (outside MEDIA_ROOT)."""

    def __init__(self, location=None, **kwargs):
        from django.conf import settings

        kwargs.setdefault("file_permissions_mode", 0o640)
        kwargs.setdefault("directory_permissions_mode", 0o750)
        super().__init__(location=location or settings.PRIVATE_MEDIA_ROOT, **kwargs)


class PrivateInMemoryStorage(NoPublicURL, InMemoryStorage):
    """Private files in memory, for the tests."""


def private_file_response(file, *, filename, content_type=None, as_attachment=True):
    """A response that hands one private file to the person a view has already checked.

    `file` is a FieldFile (or a name on the private storage). The headers keep the file out of
    shared caches and browser history (`Cache-Control: private, no-store`), stop browsers from
    guessing another type, and sandbox it should it be opened inline. The file name is sent in
    both forms of RFC 6266 / RFC 5987, so Vietnamese names survive."""
    if isinstance(file, str):
        storage, name = private_storage(), file
    else:
        storage, name = file.storage, file.name
    if not name:
        raise Http404
    try:
        handle = storage.open(name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=as_attachment, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def move_to_private(name):
    """Move one file from the public (default) storage to the private one, keeping its name.

    Returns the name it has on the private storage, or None when neither storage has it. Safe to
    run again: a file already on the private storage stays, and a public copy left by an
    interrupted run is deleted."""
    if not name:
        return None
    public, private = storages["default"], private_storage()
    if private.exists(name):
        if public.exists(name):
            public.delete(name)
        return name
    if not public.exists(name):
        return None
    with public.open(name, "rb") as handle:
        stored = private.save(name, File(handle, name=posixpath.basename(name)))
    public.delete(name)
    return stored


class _ShownFile:
    """What the file widget shows for a private file: its base name and a view's URL."""

    def __init__(self, name, url):
        self.name, self.url = name, url

    def __str__(self):
        return posixpath.basename(self.name)


class PrivateFileInput(ClearableFileInput):
    """A clearable file input for a private file: the "currently" link points to `url` (a
    permission-checked view) instead of asking the storage, which has no URL to give."""

    def __init__(self, attrs=None, url=""):
        super().__init__(attrs)
        self.url = url

    def is_initial(self, value):
        return isinstance(value, FieldFile) and bool(value)

    def format_value(self, value):
        if self.is_initial(value):
            return _ShownFile(value.name, self.url)
        return None
