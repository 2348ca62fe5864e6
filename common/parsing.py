"""Numbers from forms, query strings and JSON, read without surprises.

str.isdigit() accepts "²" and other scripts' digits that int() refuses, and int() refuses strings
of more than 4300 digits; a view that trusted either would end in a server error.
"""

import re

_ID_RE = re.compile(r"[0-9]{1,12}")


def parse_id(value) -> int | None:
    """A database id or count, or None: a non-negative int, or ASCII digits (at most 12)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 <= value < 10**12 else None
    if isinstance(value, str) and _ID_RE.fullmatch(value):
        return int(value)
    return None


def parse_ids(values) -> list[int]:
    """The valid ids among `values`, in order, without repeats; invalid ones are dropped."""
    ids = []
    for value in values:
        pk = parse_id(value)
        if pk is not None and pk not in ids:
            ids.append(pk)
    return ids
