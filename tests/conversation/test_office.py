"""Văn phòng and unit heads in the chat."""

from datetime import date

import sqlalchemy as sa

from models import AssignmentOfficer, Invite, Officer, Reminder, UnitChat


async def test_tongquan_counts_by_official_category_and_unit(h):
    await h.link("lan")
    await h.task("Quá hạn", ["inspect"], deadline=date(2026, 2, 20))
    await h.task("Trong hạn", ["inspect"], deadline=date(2026, 4, 15))
    await h.task("Sắp đến hạn", ["science"], deadline=date(2026, 3, 4))
    _, aids = await h.task("Đã xong", ["tech"], deadline=date(2026, 3, 20))
    await h.link("minh")
    await h.press("minh", f"done:{aids['tech']}", "1")
    await h.say("lan", "/tongquan")
    text = h.last("lan").text
    assert "4 nhiệm vụ" in text
    assert "Hoàn thành đúng hạn: <b>1</b>" in text
    assert "Đang thực hiện trong hạn: <b>2</b>" in text
    assert "Quá hạn chưa hoàn thành: <b>1</b>" in text
    assert "Sắp đến hạn: 1" in text
    assert "• Thanh tra Sở: 🟢0 🟠0 🔵1 🔴1" in text
    assert "• Phòng Quản lý Công nghệ: 🟢1 🟠0 🔵0 🔴0" in text


async def test_office_commands_are_refused_to_officers(h):
    await h.link("mai")
    for command in ("/tongquan", "/quahan", "/dondoc 1", "/moi Thanh tra | Lê Văn Tám", "/baocao"):
        await h.say("mai", command)
        assert "Chỉ Văn phòng" in h.last("mai").text
    async with h.sessionmaker() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(Invite)) == 0


async def test_quahan_lists_overdue_units(h):
    await h.link("lan")
    late, _ = await h.task("Báo cáo chuyên đề", ["inspect", "science"], deadline=date(2026, 2, 24))
    await h.task("Còn hạn", ["tech"], deadline=date(2026, 4, 15))
    await h.say("lan", "/quahan")
    text = h.last("lan").text
    assert "(2)" in text and f"#{late}" in text
    assert "Thanh tra Sở · quá hạn 6 ngày (24/02/2026)" in text
    assert "Phòng Quản lý Khoa học" in text and "Còn hạn" not in text


async def test_quahan_when_nothing_is_late(h):
    await h.link("lan")
    await h.say("lan", "quá hạn")
    assert "Không có nhiệm vụ quá hạn" in h.last("lan").text


async def test_dondoc_queues_a_nudge_now(h):
    await h.link("lan")
    task_id, aids = await h.task("Rà soát", ["inspect"], deadline=date(2026, 2, 24))
    await h.say("lan", f"/dondoc {task_id}")
    assert "Thanh tra Sở" in h.last("lan").text
    async with h.sessionmaker() as session:
        nudge = await session.scalar(sa.select(Reminder).where(Reminder.kind.like("nudge:%")))
    assert nudge.assignment_id == aids["inspect"] and nudge.due_at == h.clock.now()
    await h.say("lan", "/dondoc 999")
    assert "Không tìm thấy nhiệm vụ số 999" in h.last("lan").text


async def test_moi_creates_an_officer_and_a_code_with_the_deep_link(h):
    await h.link("lan")
    h.conv.bot_username = "nhacviec_test_bot"
    await h.say("lan", "/moi Thanh tra | Lê Văn Tám")
    text = h.last("lan").text
    async with h.sessionmaker() as session:
        officer = await session.scalar(sa.select(Officer).where(Officer.name == "Lê Văn Tám"))
        invite = await session.scalar(sa.select(Invite).where(Invite.officer_id == officer.id))
    assert officer.unit_id == h.sample.units["inspect"].id
    assert invite.code in text and f"https://t.me/nhacviec_test_bot?start={invite.code}" in text
    # The code works for the new officer, on Zalo too.
    await h.conv.handle(__import__("core.incoming", fromlist=["Incoming"]).Incoming(
        platform="zalo", user_id="z-tam", chat_id="z-tam", text=invite.code))
    assert "Lê Văn Tám" in h.zalo.last("z-tam").text


async def test_moi_without_separator_and_with_bad_unit(h):
    await h.link("lan")
    await h.say("lan", "/moi Phòng QLKH Trần Thị Bích")
    async with h.sessionmaker() as session:
        officer = await session.scalar(sa.select(Officer).where(Officer.name == "Trần Thị Bích"))
    assert officer is not None and officer.unit_id == h.sample.units["science"].id
    await h.say("lan", "/moi Phòng Không Có | Ai Đó")
    assert "Không tìm thấy đơn vị" in h.last("lan").text
    await h.say("lan", "/moi")
    assert "/moi đơn vị | họ tên" in h.last("lan").text


async def test_baocao_without_a_provider_says_so(h):
    await h.link("lan")
    await h.say("lan", "/baocao")
    assert "chưa sẵn sàng" in h.last("lan").text


async def test_baocao_calls_the_digest_provider_for_this_chat(h):
    calls = []

    async def digest(officer_id, platform, chat_id):
        calls.append((officer_id, platform, chat_id))

    h.conv.router.digest = digest
    uid = await h.link("director")
    await h.say("director", "/baocao")
    assert calls == [(h.officer_id("director"), "telegram", uid)]


async def test_phancong_by_the_unit_head(h):
    for key in ("hung", "mai"):
        await h.link(key)
    task_id, aids = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    mai = h.officer_id("mai")
    await h.say("hung", f"/phancong {task_id} {mai}")
    assert "Lê Thị Mai" in h.last("hung").text
    async with h.sessionmaker() as session:
        named = (await session.scalars(sa.select(AssignmentOfficer.officer_id)
                                       .where(AssignmentOfficer.assignment_id == aids["inspect"]))).all()
    assert named == [mai]
    assert h.last("mai").message.assignment_id == aids["inspect"]  # she gets the card
    # A head cannot name another unit's officer, and an officer cannot name anyone.
    await h.say("hung", f"/phancong {task_id} {h.officer_id('thu')}")
    assert "đơn vị mình" in h.last("hung").text
    await h.say("mai", f"/phancong {task_id} {mai}")
    assert "trưởng đơn vị" in h.last("mai").text


async def test_phancong_without_officers_lists_the_unit(h):
    await h.link("hung")
    task_id, _ = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    await h.say("hung", f"/phancong {task_id}")
    text = h.last("hung").text
    assert f"{h.officer_id('mai')} — Lê Thị Mai" in text


async def test_lienket_links_a_group_and_viec_there_lists_the_unit(h):
    await h.link("hung")
    await h.link("mai")
    await h.task("Việc thanh tra", ["inspect"], deadline=date(2026, 3, 13))
    await h.say("hung", "/lienket")  # private chat: refused with a hint
    assert "nhóm" in h.last("hung").text
    await h.say("mai", "/lienket", chat_id="group-1", group=True)
    assert "trưởng đơn vị" in h.tg.last("group-1").text
    await h.say("hung", "/lienket", chat_id="group-1", group=True)
    assert "Thanh tra Sở" in h.tg.last("group-1").text
    async with h.sessionmaker() as session:
        link = await session.scalar(sa.select(UnitChat))
    assert (link.chat_id, link.unit_id) == ("group-1", h.sample.units["inspect"].id)
    await h.say("mai", "/viec", chat_id="group-1", group=True)
    assert "Việc thanh tra" in h.tg.last("group-1").text


async def test_strangers_chatting_in_a_group_are_ignored(h):
    await h.say("mai", "chào cả nhà", chat_id="group-1", group=True)
    assert h.tg.sent == []


async def test_officers_chatting_in_a_linked_group_are_left_alone(h):
    for key in ("hung", "mai"):
        await h.link(key)
    _, aids = await h.task("Việc thanh tra", ["inspect"], deadline=date(2026, 3, 13))
    await h.say("hung", "/lienket", chat_id="group-1", group=True)
    h.tg.clear()
    await h.say("mai", "Chiều nay họp lúc 3 giờ nhé", chat_id="group-1", group=True)
    assert h.tg.sent == [] and await h.updates(aids["inspect"]) == []
    # A reply to the bot's reminder in the group is a note.
    reminder = await h.remind("mai", aids["inspect"])
    h.tg.sent.clear()
    from core.channel import OutgoingMessage
    from core.messenger import Address

    sent = await h.messenger.send(Address("telegram", "group-1"), OutgoingMessage(
        "⏰ Nhắc việc", purpose="reminder", assignment_id=aids["inspect"]))
    await h.say("mai", "Đã gửi dự thảo", chat_id="group-1", group=True, reply_to=sent.message_ids[0])
    assert [u.text for u in await h.updates(aids["inspect"])] == ["Đã gửi dự thảo"]
    assert reminder.chat_id != "group-1"


async def test_an_invite_code_is_not_taken_in_a_group(h):
    code = await h.invite("mai")
    await h.say("mai", f"/start {code}", chat_id="group-1", group=True)
    assert "nhắn riêng" in h.tg.last("group-1").text
    async with h.sessionmaker() as session:
        assert (await session.scalar(sa.select(Invite).where(Invite.code == code))).used_at is None


async def test_baocao_with_a_plan_sends_the_report_file_where_files_go(h):
    from reports.report_files import ReportFile

    asked = []

    async def report(officer_id, plan_ref, fmt="docx"):
        asked.append((officer_id, plan_ref, fmt))
        return ReportFile("bao-cao.xlsx", b"PK-xlsx", "Dự thảo báo cáo", "application/xlsx")

    h.conv.router.report = report
    await h.link("lan")
    await h.link("lan", "zalo")
    await h.say("lan", "/baocao 07/KH-STN xlsx")
    assert asked == [(h.officer_id("lan"), "07/KH-STN", "xlsx")]
    assert h.tg.documents == [("te-lan", "bao-cao.xlsx", b"PK-xlsx")]
    await h.say("lan", "/baocao 3", platform="zalo")  # Zalo cannot send files: a pointer instead
    assert asked[-1][1:] == ("3", "docx")
    assert "nhacviec report 3" in h.last("lan", "zalo").text


async def test_a_provider_refusal_reaches_the_chat(h):
    from core.errors import DomainError

    async def digest(officer_id, platform, chat_id):
        raise DomainError("Chưa có dữ liệu tuần này.")

    h.conv.router.digest = digest
    await h.link("lan")
    await h.say("lan", "/baocao")
    assert h.last("lan").text == "Chưa có dữ liệu tuần này."
