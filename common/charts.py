"""One accessible bar chart for every screen: horizontal SVG bars with a data table beside them.

Build the rows in Python (`bar_chart(...)`), show them with `{% bar_chart chart %}`
(`common/templatetags/ui.py`, template `templates/includes/bar_chart.html`). The SVG is drawn
with attributes only (no inline style, as the Content-Security-Policy wants); widths are written
with a dot ("11.1%"), texts with the Vietnamese comma ("11,1 %").
"""

from dataclasses import dataclass, field

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
