"""Benchmark (not a test): import a 50-page plan and print the figures.

    /work/venv/bin/python benchmarks/bench_import.py

A page of a Vietnamese plan holds about 30 printed lines; the generated plan has 50+ pages
of numbered sections, bullets wrapped over several lines, role lines and a task table.
Targets: under 1 second per format for the pure parse (bytes -> tasks), and under 1 second for
the whole import of the Word file as `nhacviec import --create-units --remind` does it (parse,
preview, store, units created, reminders planned) on a fresh SQLite database, printed beside
`nhacviec import --dry-run` (parse and preview only) from the same process. Then the size
bounds: a Word plan of 10,000 paragraphs (goal: parsed within 20 s) and a zip bomb (refused
at once).
"""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from importer import parse_bytes
from nhacviec.catalogs import declare_catalogs

declare_catalogs()  # where the texts are, as the CLI says at start

UNITS = ["Văn phòng Sở", "Thanh tra Sở", "Phòng Quản lý Khoa học", "Phòng Quản lý Công nghệ", "Chi cục TĐC"]
TIMINGS = ["Quý I/2025", "trước ngày 30/6/2025", "Thường xuyên", "tháng 9/2025", "Hằng quý", "6 tháng đầu năm 2025"]
TEXT = (
    "rà soát cập nhật hướng dẫn tổ chức thực hiện công khai kết quả giải quyết thủ tục hành chính "
    "trên cổng dịch vụ công trực tuyến bảo đảm đúng quy định nâng cao chất lượng phục vụ người dân"
)
WORDS = [w for w in TEXT.split(" ") if w]


def _sentence(i: int, n: int) -> str:
    words = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(n)]
    return (" ".join(words)).capitalize() + "."


def build_lines() -> list[str]:
    lines = ["UBND TỈNH MẪU", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Số: 99/KH-SKHCN",
             "Tỉnh Mẫu, ngày 02 tháng 01 năm 2025", "KẾ HOẠCH", "Thử tải năm 2025",
             "I. MỤC TIÊU", "1. Chỉ số PAR INDEX đạt từ 85 điểm trở lên.", "II. NHIỆM VỤ"]
    task = 0
    for section in range(1, 96):
        lines.append(f"{section}. Nhóm nhiệm vụ số {section}")
        lines.append("a) Nội dung thực hiện:")
        for _ in range(4):
            task += 1
            text = _sentence(task, 45)
            # Wrap at ~80 characters the way text extracted from a printed page does.
            words, cur = text.split(), "-"
            for w in words:
                if len(cur) + len(w) > 80:
                    lines.append(cur)
                    cur = w
                else:
                    cur += " " + w
            lines.append(cur)
        lines.append(f"b) Thời gian thực hiện: {TIMINGS[section % len(TIMINGS)]}.")
        lines.append(f"c) Phân công thực hiện: {UNITS[section % len(UNITS)]} chủ trì; các phòng, đơn vị phối hợp.")
    lines.append("III. TỔ CHỨC THỰC HIỆN")
    lines.append("Văn phòng Sở tổng hợp, báo cáo kết quả trước ngày 15/12/2025.")
    return lines


def bench(name: str, data: bytes, filename: str, runs: int = 5) -> None:
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = parse_bytes(data, filename)
        times.append(time.perf_counter() - start)
    assert result is not None
    print(f"{name:<6} {len(data) / 1024:8.0f} KB  {len(result.tasks):4d} tasks  "
          f"median {statistics.median(times) * 1000:7.1f} ms  max {max(times) * 1000:7.1f} ms")


def _cli(*argv: str) -> float:
    from nhacviec.cli import main as cli_main

    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        code = cli_main(list(argv))
    if code != 0:
        raise SystemExit(f"nhacviec {' '.join(argv)} failed ({code})")
    return time.perf_counter() - start


def bench_full_import(docx_data: bytes, runs: int = 3) -> None:
    """The whole import through the command line's own handler, each run on a fresh database."""
    full, dry, reminders, tasks = [], [], 0, 0
    for run in range(runs + 1):  # the first run warms the imports and is not counted
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "plan.docx"
            path.write_bytes(docx_data)
            db = Path(tmp) / "bench.sqlite"
            os.environ["NHACVIEC_DATABASE_URL"] = f"sqlite+aiosqlite:///{db}"
            _cli("db", "upgrade")
            _cli("org", "create", "Sở Thử Tải", "--slug", "so-thu")
            d = _cli("import", str(path), "--dry-run")
            f = _cli("import", str(path), "--org", "so-thu", "--create-units", "--remind")
            with sqlite3.connect(db) as con:
                tasks = con.execute("select count(*) from task").fetchone()[0]
                reminders = con.execute("select count(*) from reminder").fetchone()[0]
        if run:
            full.append(f)
            dry.append(d)
    f, d = statistics.median(full), statistics.median(dry)
    verdict = "OK" if f <= 1.0 else "NOT met"
    print(f"full import (docx): {tasks} tasks stored, {reminders} reminders planned: median {f * 1000:.0f} ms "
          f"(parse + preview alone {d * 1000:.0f} ms, {f / d:.1f}x) - goal <= 1000 ms: {verdict}")


def bench_large_docx(paragraphs: int = 10_000) -> None:
    """The issue's size bound: a Word plan of 10,000 paragraphs (sections, wrapped duties with
    their roles and dates) parses within 20 s."""
    import docx

    lines = build_lines()
    document = docx.Document()
    for i in range(paragraphs):
        document.add_paragraph(lines[i % len(lines)])
    buf = io.BytesIO()
    document.save(buf)
    start = time.perf_counter()
    result = parse_bytes(buf.getvalue(), "large.docx")
    took = time.perf_counter() - start
    verdict = "OK" if took <= 20 else "TOO SLOW"
    print(f"docx of {paragraphs:,} paragraphs: {len(result.tasks)} tasks in {took:.1f} s - goal <= 20 s: {verdict}")


def bench_zip_bomb() -> None:
    """A .docx whose parts unzip to far more than the importer reads is refused at once."""
    import zipfile

    from importer.errors import ImportFailure

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b" " * (400 * 1024 * 1024) + b"</w:document>")
    start = time.perf_counter()
    try:
        parse_bytes(buf.getvalue(), "bomb.docx")
        outcome = "read (not refused)"
    except ImportFailure as exc:
        outcome = f"refused ({exc.code})"
    print(f"zip bomb ({len(buf.getvalue()) // 1024} KB, 400 MB unzipped): {outcome} in "
          f"{time.perf_counter() - start:.2f} s")


def main() -> None:
    lines = build_lines()
    pages = len(lines) / 30
    print(f"generated plan: {len(lines)} lines, about {pages:.0f} pages")
    text = "\n".join(lines).encode("utf-8")
    bench("txt", text, "bench.txt")

    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    bench("docx", buf.getvalue(), "bench.docx")
    bench_full_import(buf.getvalue())
    bench_large_docx()
    bench_zip_bomb()

    try:
        import matplotlib
        from fpdf import FPDF
    except ImportError:  # fpdf2 is a dev dependency
        return
    font = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(font))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    for line in lines:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    print(f"pdf pages: {pdf.page_no()} (text through pdfium; pdfplumber only reads ruled table pages)")
    bench("pdf", data, "bench.pdf", runs=2)


if __name__ == "__main__":
    main()
