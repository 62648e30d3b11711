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
from core.status import Official
from reports import texts  # noqa: F401  (registers the texts)
from reports.digest import Digest

FONT = "DejaVu Sans"
COLOURS = {
    Official.DONE_ON_TIME: "#2e7d32",  # green
    Official.DONE_LATE: "#ef6c00",  # orange
    Official.IN_PROGRESS: "#1565c0",  # blue
    Official.OVERDUE: "#c62828",  # red
}
LABEL_WIDTH = 30  # characters per line of a unit name


def render_chart(digest: Digest, lang: str = "vi", dpi: int = 110) -> bytes:
    """The PNG bytes of the chart."""
    rows = [row for row in digest.by_unit if row.counts.total] or digest.by_unit
    names = [textwrap.fill(row.unit, LABEL_WIDTH) for row in rows]
    lines_per_name = max((n.count("\n") + 1 for n in names), default=1)
    height = 1.8 + len(rows) * (0.28 + 0.16 * lines_per_name)
    with matplotlib.rc_context({"font.family": FONT, "font.size": 9}):
        fig = Figure(figsize=(9, max(3.2, height)), dpi=dpi)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        title = t("chart.title", lang, week=digest.period.week, year=digest.period.year)
        ax.set_title(f"{digest.unit.name if digest.unit else digest.org}\n{title}", fontsize=11)
        positions = list(range(len(rows)))
        left = [0] * len(rows)
        for official, colour in COLOURS.items():
            values = [row.counts.official[official] for row in rows]
            bars = ax.barh(positions, values, left=left, color=colour, height=0.65,
                           label=t("report.official." + official.value, lang))
            labels = [str(v) if v else "" for v in values]
            ax.bar_label(bars, labels=labels, label_type="center", color="white", fontsize=8)
            left = [a + b for a, b in zip(left, values, strict=True)]
        for y, total in zip(positions, left, strict=True):
            ax.text(total, y, f" {total}", va="center", fontsize=8, color="#333333")
        ax.set_yticks(positions, names)
        ax.invert_yaxis()  # first unit on top, as in the text
        ax.set_xlabel(t("chart.xlabel", lang))
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_xlim(0, max(left, default=0) * 1.08 + 1)
        if not any(left):
            ax.text(0.5, 0.5, t("chart.empty", lang), transform=ax.transAxes, ha="center")
        fig.legend(*ax.get_legend_handles_labels(), loc="lower center", ncol=4, frameon=False)
        fig.tight_layout(rect=(0, 0.45 / fig.get_figheight(), 1, 1))
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=dpi)
    return out.getvalue()
