"""The digest's chart: stacked bars of the four official categories per unit (PNG).

Drawn on matplotlib's Agg canvas directly (no pyplot: no global state, safe
in a server). DejaVu Sans, which matplotlib ships, has every Vietnamese glyph.
"""

from __future__ import annotations

import io
import textwrap

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from core.i18n import t
from core.labels import official_label
from core.perf import without_gc
from core.status import Official
from reports.digest import Digest

FONT = "DejaVu Sans"
COLOURS = {
    Official.DONE_ON_TIME: "#2e7d32",  # green
    Official.DONE_LATE: "#ef6c00",  # orange
    Official.IN_PROGRESS: "#1565c0",  # blue
    Official.OVERDUE: "#c62828",  # red
}
LABEL_WIDTH = 30  # characters per line of a unit name


@without_gc
def render_chart(digest: Digest, lang: str = "vi", dpi: int = 100) -> bytes:
    """The PNG bytes of the chart."""
    rows = [row for row in digest.by_unit if row.counts.total] or digest.by_unit
    names = [textwrap.fill(row.unit, LABEL_WIDTH) for row in rows]
    lines_per_name = max((n.count("\n") + 1 for n in names), default=1)
    # Layout is computed here rather than by tight_layout, which measures every
    # text twice and was half the time of a 50-unit chart.
    bar_inches = 0.28 + 0.16 * lines_per_name
    top, bottom = 0.85, 1.05  # title above; axis label and legend below
    height = max(3.2, top + bottom + len(rows) * bar_inches)
    width = 10.0
    label_inches = min(3.2, 0.09 * max((len(line) for n in names for line in n.split("\n")), default=10) + 0.3)
    with matplotlib.rc_context({"font.family": FONT, "font.size": 9}):
        fig = Figure(figsize=(width, height), dpi=dpi)
        FigureCanvasAgg(fig)
        fig.subplots_adjust(left=label_inches / width, right=0.97, top=1 - top / height,
                            bottom=bottom / height)
        ax = fig.add_subplot()
        title = t("chart.title", lang, week=digest.period.week, year=digest.period.year)
        # Fixed title and axis-label positions spare matplotlib measuring every tick label.
        ax.set_title(f"{digest.unit.name if digest.unit else digest.org}\n{title}", fontsize=11,
                     y=1 + 0.15 / (height - top - bottom))
        positions = list(range(len(rows)))
        left = [0] * len(rows)
        # A number goes inside a segment only where it fits (3% of the longest bar).
        min_labelled = 0.03 * max((row.counts.total for row in rows), default=0)
        for official, colour in COLOURS.items():
            values = [row.counts.official[official] for row in rows]
            ax.barh(positions, values, left=left, color=colour, height=0.65,
                    label=official_label(official, lang))
            for y, start, value in zip(positions, left, values, strict=True):
                if value and value >= min_labelled:
                    ax.text(start + value / 2, y, str(value), ha="center", va="center",
                            color="white", fontsize=8)
            left = [a + b for a, b in zip(left, values, strict=True)]
        longest = max(left, default=0)
        for y, total in zip(positions, left, strict=True):
            ax.text(total + longest * 0.01, y, str(total), va="center", fontsize=8, color="#333333")
        ax.set_yticks(positions, names)
        ax.set_ylim(len(rows) - 0.5, -0.5)  # first unit on top, as in the text
        ax.set_xlabel(t("chart.xlabel", lang))
        ax.xaxis.set_label_coords(0.5, -0.3 / (height - top - bottom))
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_xlim(0, longest * 1.08 + 1)
        if not longest:
            ax.text(0.5, 0.5, t("chart.empty", lang), transform=ax.transAxes, ha="center")
        fig.legend(*ax.get_legend_handles_labels(), loc="lower center", ncol=4, frameon=False)
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=dpi)
    return out.getvalue()
