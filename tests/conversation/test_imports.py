"""Văn phòng sends a plan file: preview, then Xác nhận / Hủy."""

import sqlalchemy as sa

from core.conversation import Conversation
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
