"""What certificates are issued for: the registry through which other apps declare it.

The certificates app knows no course or contest. An app that owes people certificates declares
one `CertificateSource` per kind of certificate (a course's completion, a contest round's prize)
and returns them from the `register_certificate_source` Wagtail hook in its `wagtail_hooks.py`;
the functions live in the app's own `certificates.py` (see docs/certificates.md, "Sources").
The register stores a source's `kind` in `Certificate.source_kind`; the print and issue screens
and the automatic-issuing task ask the registry, never an app, what a kind or a group is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from common.parsing import parse_id

from .errors import CertificateError

HOOK_NAME = "register_certificate_source"

#: The kind of a certificate issued by hand through `services.issue()`, for no declared source.
OTHER = "other"
OTHER_LABEL = _("Other")


@dataclass(frozen=True)
class CertificateSource:
    """One kind of certificate another app issues.

    - `kind`: stored in `Certificate.source_kind` (at most 20 characters, never changed once
      certificates carry it); certificates are "once per person per kind and `source_id`".
    - `label`: what the kind is, in the register's filter ("Course completion").
    - `group`: the print group's prefix; a certificate's `group_key` is `group:<id>` (see
      `group_key()`), and certificates of one group are printed together. Several kinds may
      share a group (a round's prizes and full scores).
    - `group_labels(ids)`: `{id: label}` for print groups that still exist ("Course: …").
    - `batch_label`, `batch_choices()`, `issue_batch(id, issued_by=..., **options)`: the issue
      screen lists `batch_choices()` -> `[(id, label)]` under `batch_label`, and issuing for one
      calls `issue_batch`, which returns a `services.BatchResult`. `batch_options` are
      `(name, label)` check boxes on that screen, passed to `issue_batch` as booleans.
    - `issue_automatically(id)`: what `tasks.issue_from_source_task(kind, id)` runs; the app's
      own receivers enqueue that task after commit with an id of their choosing.
    - `order`: position on the issue screen.
    """

    kind: str
    label: Promise | str
    group: str
    group_labels: Callable[[Iterable[int]], dict[int, str]]
    batch_label: Promise | str = ""
    batch_choices: Callable[[], list[tuple[int, str]]] | None = None
    issue_batch: Callable[..., Any] | None = None
    batch_options: tuple[tuple[str, Promise | str], ...] = field(default_factory=tuple)
    issue_automatically: Callable[[int], Any] | None = None
    order: int = 100

    def group_key(self, object_id) -> str:
        return f"{self.group}:{object_id}"


def registered() -> list[CertificateSource]:
    """Every app's sources, from the `register_certificate_source` hooks, in order. A hook
    returns one source or a list of them."""
    from wagtail import hooks

    found = []
    for hook in hooks.get_hooks(HOOK_NAME):
        result = hook()
        found.extend(result if isinstance(result, list | tuple) else [result])
    kinds = [source.kind for source in found]
    if len(kinds) != len(set(kinds)) or OTHER in kinds:
        raise RuntimeError(f"Two certificate sources share a kind: {sorted(kinds)}")
    return sorted(found, key=lambda source: (source.order, source.kind))


def get(kind) -> CertificateSource:
    """The source of `kind`; CertificateError("apps_missing") when no app declares it."""
    for source in registered():
        if source.kind == kind:
            return source
    raise CertificateError("apps_missing")


def kind_choices():
    """The choices of `Certificate.source_kind`: every declared kind, then "other"."""
    return [(source.kind, source.label) for source in registered()] + [(OTHER, OTHER_LABEL)]


def split_group_key(group_key):
    """`("course", 12)` for "course:12"; `(prefix, None)` when the id is not a number."""
    prefix, _sep, object_id = (group_key or "").partition(":")
    return prefix, parse_id(object_id)


def group_labels(group_keys) -> dict[str, str]:
    """`{group_key: label}`, one query per group; a key whose group no source declares, or
    whose object is gone, is its own label."""
    wanted = {}
    for key in group_keys:
        prefix, object_id = split_group_key(key)
        if object_id is not None:
            wanted.setdefault(prefix, {})[object_id] = key
    labels = {key: key for key in group_keys}
    seen = set()
    for source in registered():
        if source.group in seen or source.group not in wanted:
            continue
        seen.add(source.group)
        by_id = wanted[source.group]
        for object_id, label in source.group_labels(list(by_id)).items():
            labels[by_id[object_id]] = str(label)
    return labels


def group_label(group_key) -> str:
    return group_labels([group_key])[group_key]


def batch_sources() -> list[CertificateSource]:
    """The sources the issue screen offers (those that can issue a batch)."""
    return [source for source in registered() if source.issue_batch is not None]
