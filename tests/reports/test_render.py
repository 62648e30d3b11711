"""The digest rendered: chat text within limits, the chart with Vietnamese glyphs, the workbook."""

from __future__ import annotations

import io
import warnings
from dataclasses import replace
from datetime import date

import matplotlib.image as mpimg
import openpyxl
import pytest
from matplotlib.figure import Figure

from core.channel import to_plain_text
from core.status import Official
from models import UpdateKind
from reports.chart import render_chart
from reports.digest import OverdueItem, TaskRef, UpdateInfo
from reports.gather import load_digest
from reports.render_text import digest_messages, digest_plain, digest_sections, pack
from reports.workbook import digest_workbook
from tests.reports.conftest import NOW, TZ

TELEGRAM, ZALO = 4096, 2000
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
async def digest(session, state_org):
    return await load_digest(session, state_org.sample.org, NOW, TZ)


def crowded(digest, n: int = 400):
    """The fixture digest with `n` overdue items of long Vietnamese text."""
    note = UpdateInfo(1, 1, UpdateKind.PROGRESS, "Đang phối hợp với các đơn vị liên quan " * 6, "Lê Thị Mai", date(2026, 3, 1))
    items = [
        OverdueItem(TaskRef(1000 + i, f"{i}.1", "Triển khai nhiệm vụ chuyển đổi số trọng tâm " * 4, "77/KH-STN"),
                    f"Đơn vị số {i % 7}", date(2026, 2, 1), 33, note, "Thiếu nhân lực")
        for i in range(n)
    ]
    return replace(digest, overdue=sorted(items, key=lambda i: i.unit))


def test_text_is_vietnamese_with_the_four_categories(digest):
    text = digest_plain(digest)
    for label in ("Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Đang thực hiện trong hạn",
                  "Quá hạn chưa hoàn thành", "BÁO CÁO TUẦN 10/2026", "06/03/2026"):
        assert label in text
    assert "<b>" not in text and "&amp;" not in text
    english = to_plain_text("\n\n".join(digest_sections(digest, "en")))
    assert "WEEKLY DIGEST 10/2026" in english and "Overdue, not done" in english


@pytest.mark.parametrize("limit", [TELEGRAM, ZALO])
def test_every_message_fits_the_channel(digest, limit):
    for d in (digest, crowded(digest)):
        messages = digest_messages(d, limit)
        assert all(0 < len(m) <= limit for m in messages)
        # Nothing lost: every line of every section is in some message.
        sent = {line for m in messages for line in m.split("\n")}
        assert {line for s in digest_sections(d) for line in s.split("\n")} <= sent


def test_fixture_digest_fits_one_telegram_message_and_splits_between_sections_on_zalo(digest):
    assert len(digest_messages(digest, TELEGRAM)) == 1
    sections = digest_sections(digest)
    zalo = digest_messages(digest, ZALO)
    assert len(zalo) > 1
    # No section of the fixture is longer than the limit, so every break falls between sections.
    starts = {s.split("\n", 1)[0] for s in sections}
    assert all(m.split("\n", 1)[0] in starts for m in zalo)
    assert "\n\n".join(zalo) == "\n\n".join(sections)


def test_long_lists_are_capped_in_chat_and_point_to_the_workbook(digest):
    text = to_plain_text("\n".join(digest_sections(crowded(digest))))
    assert "… và 375 mục khác (xem tệp Excel)." in text
    zalo_text = to_plain_text("\n".join(digest_sections(crowded(digest), files=False)))
    assert "… và 375 mục khác." in zalo_text and "Excel" not in zalo_text


def test_pack_splits_an_oversize_section_on_lines():
    big = "\n".join(f"dòng {i} " + "x" * 50 for i in range(100))
    messages = pack(["đầu", big, "cuối"], 500)
    assert all(len(m) <= 500 for m in messages)
    assert messages[0].startswith("đầu") and messages[-1].endswith("cuối")


def test_user_text_is_escaped(digest):
    nasty = replace(digest, org="Sở <Thử> & Nghiệm")
    assert "Sở &lt;Thử&gt; &amp; Nghiệm" in digest_sections(nasty)[0]


def render_strict(digest, lang="vi") -> bytes:
    """Render with every warning an error: a missing glyph fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return render_chart(digest, lang)


def test_chart_is_a_png_with_every_vietnamese_glyph(digest, output_dir):
    png = render_strict(digest)
    assert png.startswith(PNG_MAGIC)
    image = mpimg.imread(io.BytesIO(png), format="png")
    assert image.shape[0] > 300 and image.shape[1] > 900
    (output_dir / "digest-chart.png").write_bytes(png)
    (output_dir / "digest-chart-en.png").write_bytes(render_strict(digest, "en"))


def test_the_glyph_check_can_fail():
    """The strict rendering above would notice a font without the glyphs."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure()
    FigureCanvasAgg(fig)
    fig.text(0.5, 0.5, "漢字", family="DejaVu Sans")
    with warnings.catch_warnings(), pytest.raises(UserWarning, match="missing from font"):
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="png")


def test_chart_of_many_units_renders(digest):
    rows = [replace(digest.by_unit[i % len(digest.by_unit)], unit=f"Trung tâm Ứng dụng tiến bộ số {i}")
            for i in range(50)]
    png = render_strict(replace(digest, by_unit=rows))
    assert png.startswith(PNG_MAGIC)


def test_workbook_has_one_row_per_assignment_and_prints_well(digest, output_dir):
    data = digest_workbook(digest)
    (output_dir / "digest.xlsx").write_bytes(data)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["Nhiệm vụ"]
    header = [c.value for c in ws[2]]
    assert header == ["Kế hoạch", "Mục", "Nhiệm vụ", "Đơn vị", "Vai trò", "Trạng thái", "Hạn",
                      "Ngày hoàn thành", "Cập nhật cuối", "Khó khăn, vướng mắc"]
    body = list(ws.iter_rows(min_row=3, values_only=True))
    assert len(body) == len(digest.rows)
    assert ws.freeze_panes == "A3" and ws.print_title_rows == "$2:$2"
    assert ws.auto_filter.ref == f"A2:J{2 + len(body)}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws["C3"].alignment.wrap_text and ws["G3"].number_format == "DD/MM/YYYY"
    assert ws.column_dimensions["C"].width == 50

    overdue = next(r for r in body if r[2].startswith("Xây dựng kế hoạch tuyên truyền") and r[4] == "Chủ trì")
    assert overdue[5] == "Quá hạn chưa hoàn thành" and overdue[6].date() == date(2026, 2, 25)
    assert overdue[8] == "20/02/2026: Đang lấy ý kiến các phòng."
    blocked = next(r for r in body if r[2].startswith("Số hóa hồ sơ"))
    assert blocked[5] == "Gặp khó khăn" and blocked[9].startswith("Thiếu máy quét")

    summary = wb["Tổng hợp"]
    rows = list(summary.iter_rows(min_row=3, values_only=True))
    assert rows[-1][0] == "Toàn Sở"
    assert rows[-1][1:] == (*(digest.total.official[o] for o in Official), digest.total.total)


def test_digest_text_written_for_people(digest, output_dir):
    (output_dir / "digest-telegram.txt").write_text(
        "\n\n----- tin nhắn tiếp -----\n\n".join(digest_messages(digest, TELEGRAM)), encoding="utf-8"
    )
    zalo = [to_plain_text(m) for m in digest_messages(digest, ZALO, files=False)]
    (output_dir / "digest-zalo.txt").write_text("\n\n----- tin nhắn tiếp -----\n\n".join(zalo), encoding="utf-8")
    assert all(len(m) <= ZALO for m in zalo)
    assert "gặp khó khăn 2" in digest_plain(digest)


async def test_unit_digest_text_is_numbered_and_does_not_repeat_the_unit(session, state_org):
    tech = state_org.sample.units["tech"]
    digest = await load_digest(session, state_org.sample.org, NOW, TZ, unit=tech)
    text = digest_plain(digest)
    titles = [line.split(".", 1)[0] for line in text.split("\n") if line[:1].isdigit() and ". " in line[:4]]
    assert titles == [str(n) for n in range(1, len(titles) + 1)] and len(titles) >= 5
    assert text.count(tech.name) == 2  # the title, and the delivery note (nobody registered)
