"""Big, slow and hostile files: every item read, parsing linear, budgets enforced in a child."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from importer import extract as extract_module
from importer import parse_bytes
from importer.errors import ImportFailure
from importer.isolated import ParseBudget, parse_in_child, parse_isolated

HEAD = ["KẾ HOẠCH", "Rà soát hồ sơ năm 2026", "II. NHIỆM VỤ"]


def numbered_plan(n: int) -> bytes:
    items = [f"{i}. Phòng Kế hoạch chủ trì rà soát nhóm hồ sơ thứ {i}, xong trước ngày 15/12/2026." for i in range(1, n + 1)]
    return "\n".join([*HEAD, *items]).encode()


def docx_plan(n: int) -> bytes:
    document = docx.Document()
    for line in HEAD:
        document.add_paragraph(line)
    for i in range(n):
        document.add_paragraph(f"- Văn phòng Sở cập nhật sổ theo dõi đợt {i}, báo cáo trước ngày 20/12/2026.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_items_numbered_past_99_are_their_own_tasks():
    result = parse_bytes(numbered_plan(150), "ke-hoach.txt")
    assert len(result.tasks) == 150
    assert [t.ref for t in result.tasks[98:101]] == ["II.99", "II.100", "II.101"]
    assert "thứ 100," in result.tasks[99].text and "thứ 101" not in result.tasks[99].text


def test_a_long_word_file_is_read_whole():
    """Thousands of bullets under one heading: each is a task (this was quadratic before)."""
    result = parse_bytes(docx_plan(2000), "dai.docx")
    assert len(result.tasks) == 2000
    assert result.tasks[-1].text.startswith("Văn phòng Sở cập nhật sổ theo dõi đợt 1999")


def test_a_zip_bomb_is_refused_from_its_directory(monkeypatch):
    monkeypatch.setattr(extract_module, "MAX_UNZIPPED_BYTES", 1024 * 1024)
    src = docx_plan(3)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b"<w:p><w:r><w:t>" + b"A" * (3 * 1024 * 1024) + b"</w:t></w:r></w:p></w:body>")
            zout.writestr(item, data)
    assert len(out.getvalue()) < 100_000  # small on disk, large once unpacked
    with pytest.raises(ImportFailure) as err:
        parse_bytes(out.getvalue(), "bom.docx")
    assert err.value.code == "zip_bomb"
    assert "giải nén" in err.value.message and "bom.docx" in err.value.message


def test_child_parse_gives_the_same_result():
    data = numbered_plan(12)
    assert parse_in_child(data, "k.txt").model_dump() == parse_bytes(data, "k.txt").model_dump()


def test_child_passes_a_refusal_through():
    with pytest.raises(ImportFailure) as err:
        parse_in_child(b"", "rong.txt")
    assert err.value.code == "empty"


def test_child_out_of_time_is_stopped():
    with pytest.raises(ImportFailure) as err:
        parse_in_child(docx_plan(200), "cham.docx", ParseBudget(seconds=0.05))
    assert err.value.code == "too_slow" and "0 giây" not in err.value.message


def test_child_out_of_memory_is_stopped():
    with pytest.raises(ImportFailure) as err:
        parse_in_child(docx_plan(200), "nang.docx", ParseBudget(memory_mb=16))
    assert err.value.code == "too_complex"


async def test_the_event_loop_only_waits():
    result = await parse_isolated(numbered_plan(3), "k.txt")
    assert len(result.tasks) == 3
