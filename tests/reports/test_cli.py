"""`nhacviec digest` and `nhacviec report`, in-process against a migrated database."""

from __future__ import annotations

import argparse
import asyncio
import io
import json

import docx
import openpyxl
import pytest

from migrations.runner import upgrade
from models.db import make_engine, make_sessionmaker
from nhacviec.commands.base import CommandContext
from nhacviec.commands.reports import digest_command
from tests.bot.zalo.fake_zalo_api import FakeZaloApi
from tests.reports.conftest import build_state_org

AT = "06/03/2026 15:30"


async def populate(url: str) -> None:
    await upgrade(url)
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            await build_state_org(session)
            await session.commit()
    finally:
        await engine.dispose()


@pytest.fixture
def cli(cli, empty_db_url):
    """The shared CLI runner, on a database holding the fixture department."""
    asyncio.run(populate(empty_db_url))
    return cli


def test_digest_print_and_files(cli, tmp_path):
    code, out, err = cli("digest", "so-thu-nghiem", "--print", "--at", AT,
                         "--chart", "tuan.png", "--workbook", "tuan.xlsx")
    assert code == 0, err
    assert "BÁO CÁO TUẦN 10/2026 — Sở Thử Nghiệm" in out
    assert "🔴 Quá hạn chưa hoàn thành: 2" in out
    assert (tmp_path / "tuan.png").read_bytes().startswith(b"\x89PNG")
    assert openpyxl.load_workbook(tmp_path / "tuan.xlsx")["Nhiệm vụ"].max_row == 2 + 30

    code, out, _ = cli("digest", "so-thu-nghiem", "--print", "--json", "--at", AT, "--unit", "QLKH")
    data = json.loads(out)
    assert data["unit"]["name"] == "Phòng Quản lý Khoa học"
    assert data["total"]["official"]["overdue"] == 1 and data["period"]["week"] == 10


def test_report_docx_and_xlsx(cli, tmp_path):
    code, out, err = cli("report", "1", "--format", "docx", "--output", "bc.docx", "--at", AT)
    assert code == 0, err
    assert "Đã ghi báo cáo vào bc.docx" in out
    document = docx.Document(tmp_path / "bc.docx")
    assert len(document.tables[-1].rows) == 1 + 13
    code, out, err = cli("report", "77/KH-STN", "--format", "xlsx", "--output", "bc.xlsx", "--json")
    assert code == 0, err
    assert json.loads(out)["format"] == "xlsx"
    wb = openpyxl.load_workbook(io.BytesIO((tmp_path / "bc.xlsx").read_bytes()))
    assert wb.worksheets[0].max_row == 2 + 13


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["report", "999", "--output", "x.docx"], "Không tìm thấy kế hoạch “999”"),
        (["report", "1", "--output", "/no/such/dir/x.docx"], "Không ghi được tệp"),
        (["digest", "khong-co", "--print"], "Không tìm thấy cơ quan"),
        (["digest", "so-thu-nghiem", "--print", "--at", "mai"], "dd/mm/yyyy HH:MM"),
        (["digest", "so-thu-nghiem", "--send"], "Chưa cấu hình kênh gửi tin"),
        (["report", "1", "--format", "xlsx", "--output", "x.docx"], "không khớp với tên tệp “x.docx”"),
        (["report", "1", "--format", "docx", "--output", "x.XLSX"], "hãy đặt tên đuôi .docx"),
    ],
)
def test_bad_input_says_so_in_vietnamese(cli, tmp_path, argv, message):
    code, out, err = cli(*argv)
    assert code == 2 and message in err and out == ""
    assert not (tmp_path / "x.docx").exists() and not (tmp_path / "x.XLSX").exists()


@pytest.mark.parametrize(
    ("output", "fmt", "written"),
    [("bc.xlsx", None, "xlsx"), ("BC.XLSX", None, "xlsx"), ("bc.docx", None, "docx"),
     ("bao-cao", None, "docx"), ("bao-cao.bin", "xlsx", "xlsx")],
)
def test_report_format_follows_the_file_name(cli, tmp_path, output, fmt, written):
    code, out, err = cli("report", "1", "--output", output, "--json", *(["--format", fmt] if fmt else []))
    assert code == 0, err
    assert json.loads(out)["format"] == written
    head = (tmp_path / output).read_bytes()[:2000]
    assert head.startswith(b"PK")  # both are zip packages: look at what is inside
    assert (b"xl/" if written == "xlsx" else b"word/") in (tmp_path / output).read_bytes()


async def test_digest_send_through_zalo(empty_db_url, monkeypatch, tmp_path):
    api = FakeZaloApi()
    await api.start()
    try:
        await populate(empty_db_url)
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("NHACVIEC_DATABASE_URL", empty_db_url)
        monkeypatch.setenv("NHACVIEC_ZALO_TOKEN", api.token)
        monkeypatch.setenv("NHACVIEC_ZALO_API_URL", api.url)
        monkeypatch.delenv("NHACVIEC_TELEGRAM_TOKEN", raising=False)
        args = argparse.Namespace(org="so-thu-nghiem", print=False, send=True, unit="QLKH", leaders=False,
                                  at=AT, lang=None, chart=None, workbook=None, json=True)
        assert await digest_command(CommandContext(args)) == 0
    finally:
        await api.stop()
    texts = api.texts("z-301")  # Sơn, head of Phòng Quản lý Khoa học, on Zalo
    assert texts and "BÁO CÁO TUẦN 10/2026 — Phòng Quản lý Khoa học" in texts[0]
    assert all(len(text) <= 2000 for text in texts)
