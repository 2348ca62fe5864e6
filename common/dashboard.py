"""The "Today" panel on the admin's home page: what needs the signed-in organizer or editor.

Each app contributes its rows through the `register_admin_today` hook, from its own
`<app>/dashboard.py` (common knows no app):

    @hooks.register("register_admin_today")
    def register_admin_today():
        from . import dashboard

        return dashboard.rows  # rows(user, now) -> list[TodayRow]

`rows` returns only what the user has permission to act on, and runs a fixed number of queries
whatever the amount of data (counts and a few capped lists), so the home page stays fast.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

#: How many items a row lists under its count (the link leads to all of them).
ITEMS_SHOWN = 5


@dataclass
class TodayItem:
    label: str
    url: str
    note: str = ""  # e.g. "3 đăng ký" or "08:00"
    action: str = ""  # the link text when it is not the label (e.g. "Điểm danh")


@dataclass
class TodayRow:
    label: str
    count: int
    url: str
    icon: str = "tasks"  # a Wagtail icon name
    order: int = 100
    items: list[TodayItem] = field(default_factory=list)


def collect_rows(user, now=None) -> list[TodayRow]:
    now = now or timezone.now()
    rows: list[TodayRow] = []
    for fn in hooks.get_hooks("register_admin_today"):
        provider: Callable = fn()
        rows += provider(user, now)
    return sorted(rows, key=lambda row: row.order)


class TodayPanel(Component):
    name = "today"
    template_name = "common/admin/today_panel.html"
    order = 50  # before Wagtail's own panels (site summary 100, moderation 210, 220)

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context=None):
        return {"rows": self.rows, "heading": _("What needs you today")}


def add_today_panel(request, panels):
    rows = collect_rows(request.user)
    if rows:
        panels.append(TodayPanel(rows))
