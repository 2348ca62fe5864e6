"""Join PDF files into one, written as it goes: each part's objects are copied (streams as they
are, never decoded) with new numbers, and only their offsets stay in memory, so joining 5,000
pages costs what joining 100 does. The parts are WeasyPrint's own output (no encryption, no
incremental updates); what a part's catalogue holds beyond its pages (outlines, names, metadata
stream) is not carried over: the joined file gets its own catalogue, page tree and /Info."""

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)


class PdfJoiner:
    def __init__(self, handle):
        self.out = handle
        self.offsets = [0]  # object number -> byte offset (0: the free head)
        self.out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self.pages_number = self._reserve()
        self.catalog_number = self._reserve()
        self.kids = []

    def _reserve(self):
        self.offsets.append(None)
        return len(self.offsets) - 1

    def _write(self, number, obj):
        self.offsets[number] = self.out.tell()
        self.out.write(f"{number} 0 obj\n".encode())
        obj.write_to_stream(self.out)
        self.out.write(b"\nendobj\n")

    def add(self, path):
        """Append every page of the PDF at `path`."""
        reader = PdfReader(path)
        numbers = {}  # the part's (object number, generation) -> number in the joined file
        pending = []

        def ref(indirect):
            key = (indirect.idnum, indirect.generation)
            if key not in numbers:
                numbers[key] = self._reserve()
                pending.append(indirect)
            return IndirectObject(numbers[key], 0, None)

        def copy(obj):
            if isinstance(obj, IndirectObject):
                return ref(obj)
            if isinstance(obj, StreamObject):
                new = obj.__class__()
                new._data = obj._data
                for key, value in obj.items():
                    if key != "/Length":
                        new[NameObject(key)] = copy(value)
                return new
            if isinstance(obj, DictionaryObject):
                new = DictionaryObject()
                for key, value in obj.items():
                    new[NameObject(key)] = copy(value)
                return new
            if isinstance(obj, ArrayObject):
                return ArrayObject(copy(value) for value in obj)
            return obj

        pages = list(reader.pages)  # inherited attributes are already copied onto each page
        # Every page is numbered first: a reference from one page to another (a link) then
        # points into the joined file instead of dragging the part's page tree in.
        page_numbers = []
        for page in pages:
            own = page.indirect_reference
            page_numbers.append(self._reserve())
            if own is not None:
                numbers[(own.idnum, own.generation)] = page_numbers[-1]
        for page, number in zip(pages, page_numbers, strict=True):
            new_page = DictionaryObject()
            for key, value in page.items():
                if key != "/Parent":
                    new_page[NameObject(key)] = copy(value)
            new_page[NameObject("/Parent")] = IndirectObject(self.pages_number, 0, None)
            self._write(number, new_page)
            self.kids.append(number)
            while pending:
                indirect = pending.pop()
                self._write(
                    numbers[(indirect.idnum, indirect.generation)], copy(indirect.get_object())
                )

    def close(self, *, title="", author="", subject=""):
        pages = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Pages"),
                NameObject("/Kids"): ArrayObject(IndirectObject(n, 0, None) for n in self.kids),
                NameObject("/Count"): NumberObject(len(self.kids)),
            }
        )
        self._write(self.pages_number, pages)
        catalog = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Catalog"),
                NameObject("/Pages"): IndirectObject(self.pages_number, 0, None),
            }
        )
        self._write(self.catalog_number, catalog)
        info_number = self._reserve()
        info = DictionaryObject(
            {
                NameObject(f"/{key}"): TextStringObject(value)
                for key, value in (("Title", title), ("Author", author), ("Subject", subject))
                if value
            }
        )
        info[NameObject("/Producer")] = TextStringObject("WeasyPrint")
        self._write(info_number, info)
        xref = self.out.tell()
        self.out.write(f"xref\n0 {len(self.offsets)}\n".encode())
        self.out.write(b"0000000000 65535 f \n")
        for offset in self.offsets[1:]:
            self.out.write(f"{offset:010d} 00000 n \n".encode())
        self.out.write(
            f"trailer\n<< /Size {len(self.offsets)} /Root {self.catalog_number} 0 R"
            f" /Info {info_number} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
        )
