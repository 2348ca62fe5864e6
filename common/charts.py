"""The accessible charts of every screen, drawn by one component each:

- `bar_chart(...)`: horizontal SVG bars inside a data table (rates, counts per unit or band);
- `column_chart(...)`: columns along time (entries per hour) as one SVG with <title> and <desc>,
  the same figures in a table below it.

Build the rows in Python, show them with `{% bar_chart chart %}` / `{% column_chart chart %}`
(`common/templatetags/ui.py`, templates `templates/includes/{bar,column}_chart.html`, styles in
`static/css/charts.css`, which admin screens load too). The SVG is drawn
with attributes only (no inline style, as the Content-Security-Policy wants); widths are written
with a dot ("11.1%"), texts with the Vietnamese comma ("11,1 %").
"""

from dataclasses import dataclass, field
from uuid import uuid4

from django.utils.translation import gettext as _

from common.vietnamese import format_number


@dataclass
class Bar:
    label: str
    value: float | int | None
    text: str  # the value as a person reads it ("11,1%", "1.234")
    width: str  # the bar's width within its track, for SVG ("11.1%")
    css_class: str = ""
    note: str = ""  # extra text in the table (headcount, count behind a rate)


@dataclass
class BarChart:
    title: str
    bars: list[Bar] = field(default_factory=list)
    value_label: str = ""  # heading of the value column in the data table
    note_label: str = ""  # heading of the note column, when the bars carry notes
    row_height: int = 28

    @property
    def height(self) -> int:
        return max(1, len(self.bars)) * self.row_height

    @property
    def has_notes(self) -> bool:
        return any(bar.note for bar in self.bars)

    def rows(self):
        """(bar, y of its top, y of its text baseline) for the SVG."""
        for index, bar in enumerate(self.bars):
            top = index * self.row_height
            yield bar, top + 4, top + self.row_height - 9


def _width(value, maximum) -> str:
    if value is None or not maximum:
        return "0%"
    share = max(0.0, min(100.0, float(value) * 100 / float(maximum)))
    return f"{share:.1f}%"


def bar_chart(
    title,
    rows,
    *,
    maximum=None,
    percent=False,
    decimals=0,
    value_label="",
    note_label="",
):
    """`rows`: (label, value) or (label, value, note) or (label, value, note, css_class).

    With `percent=True` values are percentages (0–100) drawn against 100 and written "11,1%";
    otherwise they are drawn against `maximum` (default: the largest value).
    """
    rows = [tuple(row) + ("",) * (4 - len(row)) for row in rows]
    if percent:
        maximum = 100
    elif maximum is None:
        maximum = max((row[1] or 0 for row in rows), default=0)
    bars = []
    for label, value, note, css_class in rows:
        suffix = "%" if percent else ""
        text = "–" if value is None else format_number(value, decimals) + suffix
        bars.append(
            Bar(
                label=str(label),
                value=value,
                text=text,
                width=_width(value, maximum),
                css_class=css_class,
                note=str(note) if note not in (None, "") else "",
            )
        )
    return BarChart(title=title, bars=bars, value_label=value_label, note_label=note_label)


# ----------------------------------------------------------------------------------------------
# Column chart: values along time (entries per hour), as one SVG picture with a title and a
# description for screen readers, and the same figures as a table (the fallback) below it.
# ----------------------------------------------------------------------------------------------

#: The SVG's own coordinate system; the picture scales to the width of its box.
VIEW_WIDTH = 720
VIEW_HEIGHT = 228
PLOT_LEFT = 40
PLOT_TOP = 12
PLOT_BOTTOM = 188  # baseline of the columns; the labels go below it


def _svg_number(value) -> str:
    """A coordinate for an SVG attribute: always a dot, never the Vietnamese comma."""
    return f"{value:.1f}"


def _nice_maximum(value) -> int:
    """The top of the scale: the smallest 1, 2 or 5 × 10ⁿ at or above `value` (at least 1)."""
    if not value or value <= 1:
        return 1
    power = 1
    while power * 10 < value:
        power *= 10
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


@dataclass
class Column:
    label: str  # in the table and the column's tooltip ("07/12 09:00")
    short_label: str  # under the column, when there is room ("09h")
    value: float | int
    text: str
    x: str
    y: str
    width: str
    height: str
    label_x: str
    show_label: bool
    group: str = ""  # under the short label when it starts a new group (the day under "00h")


@dataclass
class ColumnChart:
    title: str
    description: str
    columns: list[Column] = field(default_factory=list)
    value_label: str = ""
    label_heading: str = ""
    ticks: list[tuple[str, str]] = field(default_factory=list)  # (y, text) of the scale
    ident: str = ""
    view_width: int = VIEW_WIDTH
    view_height: int = VIEW_HEIGHT
    plot_left: int = PLOT_LEFT
    plot_right: int = VIEW_WIDTH
    baseline: int = PLOT_BOTTOM
    label_y: int = PLOT_BOTTOM + 16
    group_y: int = PLOT_BOTTOM + 30


def column_chart(title, rows, *, value_label="", label_heading="", description="", ident=""):
    """`rows`: (label, value), (label, value, short_label) or (label, value, short_label,
    group), in order along the axis. A label under the axis shows its group ("07/12") on a
    second line when the group differs from the one before (days along hours).

    Coordinates are written with a dot ("12.5"), texts with Vietnamese separators ("1.234").
    `description` (the SVG's <desc>) defaults to the total and the highest column.
    """
    rows = [
        (
            str(row[0]),
            row[1] or 0,
            str(row[2]) if len(row) > 2 else str(row[0]),
            str(row[3]) if len(row) > 3 else "",
        )
        for row in rows
    ]
    top = _nice_maximum(max((row[1] for row in rows), default=0))
    plot_height = PLOT_BOTTOM - PLOT_TOP
    plot_width = VIEW_WIDTH - PLOT_LEFT
    slot = plot_width / max(1, len(rows))
    # At most about a dozen labels under the axis, whatever the number of columns.
    needed = -(-len(rows) // 12)
    every = next((step for step in (1, 2, 3, 4, 6, 12, 24, 48) if step >= needed), needed)
    columns = []
    shown_group = ""
    for index, (label, value, short, group) in enumerate(rows):
        height = plot_height * float(value) / top
        show = index % every == 0
        new_group = group if show and group != shown_group else ""
        if show:
            shown_group = group
        columns.append(
            Column(
                label=label,
                short_label=short,
                value=value,
                text=format_number(value),
                x=_svg_number(PLOT_LEFT + index * slot + slot * 0.15),
                y=_svg_number(PLOT_BOTTOM - height),
                width=_svg_number(slot * 0.7),
                height=_svg_number(height),
                label_x=_svg_number(PLOT_LEFT + index * slot + slot / 2),
                show_label=show,
                group=new_group,
            )
        )
    ticks = [
        (_svg_number(PLOT_BOTTOM - plot_height * share), format_number(top * share))
        for share in ((0, 0.5, 1) if top > 1 else (0, 1))
        if top * share == int(top * share)
    ]
    if not description and rows:
        peak = max(columns, key=lambda column: column.value)
        description = _("Total %(total)s; the highest is %(value)s, at %(label)s.") % {
            "total": format_number(sum(column.value for column in columns)),
            "value": peak.text,
            "label": peak.label,
        }
    return ColumnChart(
        title=str(title),
        description=str(description),
        columns=columns,
        value_label=value_label,
        label_heading=label_heading,
        ticks=ticks,
        ident=ident or f"chart-{uuid4().hex[:8]}",
    )
