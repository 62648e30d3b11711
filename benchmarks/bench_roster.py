"""Benchmark: a department's whole staff list in one command.

A generated .xlsx of N officers (300 by default) in 20 units, with every column of the
staff list, imported with `nhacviec officer import` as an office would run it (a fresh
process, SQLite): first import (units created), the same file again (nothing new), and
again after every phone number was corrected.

    python benchmarks/bench_roster.py [--officers 300]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

from nhacviec.catalogs import declare_catalogs

declare_catalogs()  # where the texts are, as the CLI says at start

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["STT", "Họ và tên", "Đơn vị", "Vai trò", "Chức vụ", "Điện thoại", "Email", "Đầu mối"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Minh", "Nga", "Phúc", "Quân"]


def sheet(path: Path, n: int, phone_base: int) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(HEADER)
    for i in range(n):
        unit = f"Phòng Thử Nghiệm {i % 20 + 1}"
        role = "trưởng đơn vị" if i < 20 else ("văn phòng" if i % 20 == 0 else "cán bộ")
        name = f"{FAMILY[i % 10]} Văn {GIVEN[(i // 10) % 12]} {i}"
        ws.append([i + 1, name, unit, role, "Chuyên viên", phone_base + i, f"cb{i}@so-thu.gov.vn",
                   "có" if 20 <= i < 40 else ""])
    book.save(path)


def run(folder: Path, *argv: str) -> float:
    env = {**os.environ, "NHACVIEC_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'roster.db'}"}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "nhacviec.cli", *argv], cwd=folder, env=env,
                          capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(done.stderr)
    return took


def main(n: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench_roster_"))
    run(folder, "org", "create", "Sở Thử", "--slug", "thu")
    path = folder / "danh-sach.xlsx"
    sheet(path, n, 912000000)
    first = run(folder, "officer", "import", str(path), "--org", "thu", "--create-units")
    again = run(folder, "officer", "import", str(path), "--org", "thu")
    sheet(path, n, 987000000)
    corrected = run(folder, "officer", "import", str(path), "--org", "thu")
    invites = run(folder, "officer", "invites", "thu", "--xlsx", str(folder / "ma-moi.xlsx"))
    print(f"{n} officers in 20 units, one command each (fresh process, SQLite):")
    print(f"  first import (units created)  {first:5.2f} s")
    print(f"  the same file again           {again:5.2f} s")
    print(f"  every phone corrected         {corrected:5.2f} s")
    print(f"  invite sheet written          {invites:5.2f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--officers", type=int, default=300)
    main(parser.parse_args().officers)
