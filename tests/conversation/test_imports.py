"""Văn phòng sends a plan file: preview, then Xác nhận / Hủy."""

import re

import sqlalchemy as sa

from conversation import Conversation
from core.incoming import Attachment
from models import ChatState, Plan, Task

# An invented plan in the shape plans are written (markdown export of a Word file).
PLAN = """UBND TỈNH THỬ NGHIỆM
SỞ THỬ NGHIỆM

Số: 07/KH-STN

## KẾ HOẠCH

### Tăng cường kỷ luật hành chính năm 2026

## I. NHIỆM VỤ

### 1. Kiểm tra nội bộ

a) Nội dung thực hiện:

- Kiểm tra việc chấp hành giờ giấc làm việc tại các phòng.

b) Thời gian thực hiện: trước ngày 30/06/2026.

c) Phân công thực hiện: Thanh tra Sở chủ trì; Phòng Quản lý Khoa học phối hợp.

### 2. Số hóa hồ sơ

a) Nội dung thực hiện:

- Số hóa hồ sơ đề tài nghiệm thu năm 2025.

b) Thời gian thực hiện: trước ngày 15/09/2026.

c) Phân công thực hiện: Phòng Quản lý Khoa học chủ trì.
""".encode()

PLAN_FILE = Attachment(kind="document", file_id="BQACplan", filename="ke-hoach-07.md", size=len(PLAN))


async def plans(h) -> list[Plan]:
    async with h.sessionmaker() as session:
        return list((await session.scalars(sa.select(Plan))).all())


async def send_plan(h, who="lan", platform="telegram"):
    h.downloads["BQACplan"] = PLAN
    await h.say(who, "Kế hoạch mới", attachments=[PLAN_FILE], platform=platform)
    return h.last(who, platform)


async def test_preview_then_confirm_stores_the_plan_and_tells_each_unit(h):
    for key in ("lan", "mai", "thu"):
        await h.link(key)
    preview = await send_plan(h)
    assert "07/KH-STN" in preview.text and "Thanh tra Sở" in preview.text
    ok = preview.action("imp_ok:")
    assert preview.action("imp_no:") == ok.replace("ok", "no")
    async with h.sessionmaker() as session:
        state = await session.get(ChatState, int(ok.split(":")[1]))
        assert state.blob == PLAN
    assert await plans(h) == []
    ack = await h.press("lan", ok, preview.message_id)
    assert not ack.alert
    [plan] = await plans(h)
    async with h.sessionmaker() as session:
        tasks = (await session.scalars(sa.select(Task).where(Task.plan_id == plan.id))).all()
    assert len(tasks) == 2
    assert "Đã lưu kế hoạch" in h.tg.edits[-1].text
    told_mai = h.last("mai").text  # Thanh tra: leads one task
    told_thu = h.last("thu").text  # Phòng QLKH: leads one, coordinates one
    assert "07/KH-STN" in told_mai and "đơn vị chủ trì 1 nhiệm vụ." in told_mai
    assert "đơn vị chủ trì 1 nhiệm vụ, phối hợp 1 nhiệm vụ." in told_thu
    again = await h.press("lan", ok, preview.message_id)
    assert again.text == "Đã ghi nhận trước đó."
    assert len(await plans(h)) == 1


async def test_cancel_keeps_nothing(h):
    await h.link("lan")
    preview = await send_plan(h)
    await h.press("lan", preview.action("imp_no:"), preview.message_id)
    assert await plans(h) == []
    assert "Đã hủy" in h.tg.edits[-1].text
    async with h.sessionmaker() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(ChatState)) == 0


async def test_confirming_after_a_restart_uses_the_kept_bytes(h):
    await h.link("lan")
    preview = await send_plan(h)
    h.downloads.clear()
    h.conv = Conversation(h.sessionmaker, h.messenger, h.clock, h.settings)
    await h.press("lan", preview.action("imp_ok:"), preview.message_id)
    assert len(await plans(h)) == 1


async def test_a_bare_1_confirms_on_a_text_channel(h):
    await h.link("lan", "zalo")
    preview = await send_plan(h, platform="zalo")
    assert "1 - Xác nhận" not in preview.text  # choices are rendered by the adapter
    assert [c.reply_hint for row in preview.message.choices for c in row] == ["1", "0"]
    await h.say("lan", "1", platform="zalo")
    assert len(await plans(h)) == 1


async def test_a_bad_file_gets_the_importers_message(h):
    await h.link("lan")
    h.downloads["BQACbad"] = b"%PDF-1.4 not really a pdf"
    await h.say("lan", None, attachments=[Attachment(kind="document", file_id="BQACbad", filename="x.pdf")])
    reply = h.last("lan")
    assert reply.text and not reply.message.choices
    assert await plans(h) == []
    async with h.sessionmaker() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(ChatState)) == 0


async def test_an_officers_document_is_not_an_import(h):
    await h.link("mai")
    await send_plan(h, who="mai")
    assert await plans(h) == []
    assert "imp_ok" not in " ".join(h.last("mai").actions)


async def test_another_office_member_cannot_confirm_someone_elses_preview(h):
    from models import OfficerRole

    await h.link("lan")
    preview = await send_plan(h)
    async with h.sessionmaker() as session, session.begin():
        from models import Officer

        (await session.get(Officer, h.officer_id("director"))).role = OfficerRole.OFFICE
    await h.link("director")
    # A forged press in another chat finds no preview of its own.
    ack = await h.press("director", preview.action("imp_ok:"), preview.message_id)
    assert "hết hạn" in ack.text
    assert await plans(h) == []


# --- the review sheet round-trip in the chat ----------------------------------------------


def _sheet_rows(data: bytes) -> list[list]:
    import io

    import openpyxl

    from importer.review_sheet import HEADER_ROW

    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    return [[c for c in r] for r in ws.iter_rows(min_row=HEADER_ROW + 1, max_col=8, values_only=True)]


def _edited(data: bytes, changes: dict[tuple[int, int], object]) -> bytes:
    import io

    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data))
    for (row, col), value in changes.items():
        wb.worksheets[0].cell(row, col).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


async def _leads_by_text(h, plan_id: int) -> dict[str, set[str]]:
    from models import Assignment, Role, Unit

    async with h.sessionmaker() as session:
        rows = (await session.execute(
            sa.select(Task.text, Unit.name).join(Assignment, Assignment.task_id == Task.id)
            .join(Unit, Unit.id == Assignment.unit_id)
            .where(Task.plan_id == plan_id, Assignment.role == Role.LEAD, Task.cancelled_at.is_(None))
        )).all()
    out: dict[str, set[str]] = {}
    for text, name in rows:
        out.setdefault(text, set()).add(name)
    return out


async def _send_sheet(h, data: bytes, who="lan", platform="telegram"):
    h.downloads["BQACsheet"] = data
    sheet = Attachment(kind="document", file_id="BQACsheet", filename="ra-soat-ke-hoach-07.xlsx", size=len(data))
    await h.say(who, None, attachments=[sheet], platform=platform)
    return h.last(who, platform)


async def test_review_sheet_sent_corrected_and_stored_as_a_revision(h):
    from importer.review_sheet import HEADER_ROW

    await h.link("lan")
    preview = await send_plan(h)
    assert "bảng rà soát" in preview.text.lower()
    ack = await h.press("lan", preview.action("imp_xlsx:"), preview.message_id)
    assert not ack.alert
    [(chat_id, filename, data)] = h.tg.documents
    assert filename == "ra-soat-ke-hoach-07.xlsx" and chat_id == "te-lan"
    rows = _sheet_rows(data)
    assert [r[2] for r in rows[:2]] == ["Thanh tra Sở", "Phòng Quản lý Khoa học"]
    assert [r[6] for r in rows[:2]] == ["30/06/2026", "15/09/2026"]
    # The office stores the plan as parsed, then corrects the sheet and sends it back.
    await h.press("lan", preview.action("imp_ok:"), preview.message_id)
    [plan] = await plans(h)
    first_text = rows[0][1]
    fixed = _edited(data, {(HEADER_ROW + 1, 3): "Văn phòng Sở", (HEADER_ROW + 2, 7): "30/10/2026"})
    again = await _send_sheet(h, fixed)
    assert "07/KH-STN" in again.text and again.action("imp_ok:")
    assert f"bản sửa của kế hoạch #{plan.id}" in again.text
    assert len(await plans(h)) == 1  # nothing stored before confirming
    await h.press("lan", again.action("imp_ok:"), again.message_id)
    assert "Đã cập nhật kế hoạch" in h.tg.edits[-1].text and "2 thay đổi" in h.tg.edits[-1].text
    [same] = await plans(h)
    assert same.id == plan.id
    assert (await _leads_by_text(h, plan.id))[first_text] == {"Văn phòng Sở"}
    async with h.sessionmaker() as session:
        deadlines = sorted(d for d in (await session.scalars(
            sa.select(Task.deadline).where(Task.plan_id == plan.id, Task.cancelled_at.is_(None)))).all())
    assert [d.isoformat() for d in deadlines] == ["2026-06-30", "2026-10-30"]


async def test_bad_review_edits_are_refused_naming_each_row(h):
    from importer.review_sheet import HEADER_ROW

    await h.link("lan")
    preview = await send_plan(h)
    await h.press("lan", preview.action("imp_xlsx:"), preview.message_id)
    data = h.tg.documents[-1][2]
    bad = _edited(data, {(HEADER_ROW + 1, 4): "Phòng Ma", (HEADER_ROW + 2, 7): "tháng sau"})
    reply = await _send_sheet(h, bad)
    assert not reply.message.choices
    assert f"dòng {HEADER_ROW + 1}: đơn vị “Phòng Ma” không có trong danh mục" in reply.text
    assert f"dòng {HEADER_ROW + 2}: không đọc được hạn “tháng sau”" in reply.text
    assert await plans(h) == []


async def test_review_sheet_as_a_numbered_choice_on_a_text_channel(h):
    from dataclasses import replace

    await h.link("lan", "zalo")
    preview = await send_plan(h, platform="zalo")
    assert [c.reply_hint for row in preview.message.choices for c in row] == ["1", "0"]  # Zalo sends no files
    h.zalo.capabilities = replace(h.zalo.capabilities, files=True)  # a text channel that can (the terminal)
    preview = await send_plan(h, platform="zalo")
    assert [c.reply_hint for row in preview.message.choices for c in row] == ["1", "0", "2"]
    await h.say("lan", "2", platform="zalo")
    assert h.zalo.documents and h.zalo.documents[-1][1].endswith(".xlsx")
    assert await plans(h) == []


async def test_undated_tasks_are_listed_after_storing(h):
    await h.link("lan")
    undated = PLAN.replace("b) Thời gian thực hiện: trước ngày 30/06/2026.".encode(), b"")
    undated = undated.replace("năm 2026".encode(), b"")
    h.downloads["BQACplan"] = undated
    await h.say("lan", "Kế hoạch mới", attachments=[PLAN_FILE])
    preview = h.last("lan")
    assert "1 nhiệm vụ chưa có hạn" in preview.text
    await h.press("lan", preview.action("imp_ok:"), preview.message_id)
    assert "1 nhiệm vụ chưa có hạn" in h.tg.edits[-1].text


# No silent defaults: the office names the lead of tasks that have none, and decides whether a
# plan whose deadlines are long past is chased.
LEADLESS = """KẾ HOẠCH
Học tập chuyên đề năm 2026
II. NHIỆM VỤ
1. Thanh tra Sở: Kiểm tra công vụ trước ngày 15/11/2026.
2. Tổ chức học tập chuyên đề hằng quý.
""".encode()

OLD_LEADLESS = """KẾ HOẠCH
Cải cách hành chính năm 2024
II. NHIỆM VỤ
1. Thanh tra Sở: Kiểm tra công vụ trước ngày 15/11/2024.
2. Tổ chức học tập chuyên đề trước ngày 15/12/2024.
""".encode()
OLD = OLD_LEADLESS.replace("2. Tổ chức".encode(), "2. Phòng Quản lý Khoa học: Tổ chức".encode())


async def send_file(h, data: bytes, name: str, platform: str = "telegram"):
    h.downloads[f"BQAC{name}"] = data
    attachment = Attachment(kind="document", file_id=f"BQAC{name}", filename=name, size=len(data))
    await h.say("lan", "Kế hoạch", attachments=[attachment], platform=platform)
    return h.last("lan", platform)


async def leads_and_reminders(h) -> tuple[list[set[str]], int, list[bool]]:
    from sqlalchemy.orm import selectinload

    from models import Assignment, Reminder, Role

    async with h.sessionmaker() as session:
        tasks = (await session.scalars(
            sa.select(Task).order_by(Task.id)
            .options(selectinload(Task.assignments).selectinload(Assignment.unit)))).all()
        reminders = await session.scalar(sa.select(sa.func.count()).select_from(Reminder))
        flags = list((await session.scalars(sa.select(Plan.remind).order_by(Plan.id))).all())
        return [{a.unit.name for a in t.assignments if a.role == Role.LEAD} for t in tasks], reminders, flags


async def test_tasks_without_a_lead_ask_the_office_to_choose_a_unit(h):
    for key in ("lan", "mai"):
        await h.link(key)
    preview = await send_file(h, LEADLESS, "hoc-tap.txt")
    assert "1 nhiệm vụ chưa ghi đơn vị chủ trì: 2 (II.2)" in preview.text
    assert preview.text.endswith("Chọn đơn vị chủ trì cho 1 nhiệm vụ chưa ghi chủ trì:")
    labels = [(c.label, c.reply_hint) for row in preview.message.choices for c in row]
    assert labels[0] == ("Văn phòng Sở", "1") and labels[1] == ("Thanh tra Sở", "2") and labels[-1][1] == "0"
    assert "imp_ok" not in " ".join(preview.actions)
    assert await plans(h) == []
    science = h.sample.units["science"].id
    await h.press("lan", next(a for a in preview.actions if a.endswith(f":{science}")), preview.message_id)
    leads, reminders, flags = await leads_and_reminders(h)
    assert leads == [{"Thanh tra Sở"}, {"Phòng Quản lý Khoa học"}] and reminders > 0 and flags == [True]
    assert "1 nhiệm vụ chưa ghi chủ trì được giao cho Phòng Quản lý Khoa học." in h.tg.edits[-1].text


async def test_on_a_text_channel_the_unit_is_picked_by_its_number(h):
    await h.link("lan", "zalo")
    preview = await send_file(h, LEADLESS, "hoc-tap.txt", platform="zalo")
    hints = [c.reply_hint for row in preview.message.choices for c in row]
    assert hints == ["1", "2", "3", "4", "5", "0"]
    await h.say("lan", "9", platform="zalo")  # not one of the choices: nothing stored
    assert await plans(h) == []
    await h.say("lan", "2", platform="zalo")
    leads, _, _ = await leads_and_reminders(h)
    assert leads == [{"Thanh tra Sở"}, {"Thanh tra Sở"}]


async def test_an_old_plan_is_kept_without_reminders_when_the_office_says_so(h):
    for key in ("lan", "mai"):
        await h.link(key, "zalo")
    preview = await send_file(h, OLD, "cu.txt", platform="zalo")
    assert "hạn muộn nhất 15/12/2024" in preview.text and preview.text.endswith("hay vẫn nhắc việc quá hạn?")
    assert [(c.label, c.reply_hint) for row in preview.message.choices for c in row] == [
        ("Lưu, không nhắc việc", "1"), ("Lưu và nhắc các đơn vị", "2"), ("Hủy", "0")]
    told_before = len(h.inbox("mai", "zalo"))
    await h.say("lan", "1", platform="zalo")
    leads, reminders, flags = await leads_and_reminders(h)
    assert flags == [False] and reminders == 0 and len(leads) == 2
    assert "không nhắc việc các đơn vị" in h.last("lan", "zalo").text
    assert len(h.inbox("mai", "zalo")) == told_before  # nobody is told about a plan kept quiet


async def test_both_questions_in_turn_then_the_plan_is_chased(h):
    await h.link("lan")
    preview = await send_file(h, OLD_LEADLESS, "cu.txt")
    office = h.sample.units["office"].id
    lead = next(a for a in preview.actions if a.startswith("imp_lead:") and a.endswith(f":{office}"))
    await h.press("lan", lead, preview.message_id)
    assert await plans(h) == []
    asked = h.tg.edits[-1]
    assert "giao cho Văn phòng Sở" in asked.text and "hay vẫn nhắc việc quá hạn?" in asked.text
    remind = next(c.action for row in asked.message.choices for c in row if c.action.endswith(":1"))
    await h.press("lan", remind, preview.message_id)
    leads, reminders, flags = await leads_and_reminders(h)
    assert leads == [{"Thanh tra Sở"}, {"Văn phòng Sở"}] and flags == [True] and reminders > 0


async def test_the_preview_links_to_the_same_plan_in_the_web_review_table(h):
    from models import ImportDraft

    await h.link("lan")
    h.conv.router.web_base = "https://viec.so.gov.vn"
    preview = await send_plan(h)
    url = re.search(r"https://viec\.so\.gov\.vn/web/vao/[A-Za-z0-9_-]{43}\?tiep=/web/nhap/(\d+)", preview.text)
    assert url is not None
    async with h.sessionmaker() as session:
        draft = await session.get(ImportDraft, int(url.group(1)))
        assert draft is not None and len(draft.result["tasks"]) == 2 and draft.plan_id is None
    assert await plans(h) == []  # a draft and a preview: nothing stored
