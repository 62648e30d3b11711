"""A 10,000-paragraph plan sent in the chat to the running bot (issue 12): while it is
previewed and stored, /healthz keeps answering, the event loop never stalls, and the
reminders due meanwhile keep going out.

The whole app runs (migrations, Telegram by polling against the fake Bot API, the
dispatcher, the web server); the plan is our own invented text, built here.
"""

from __future__ import annotations

import asyncio
import io
import time

import aiohttp
import pytest
from docx import Document

from migrations.runner import upgrade
from models import AssignmentOfficer, ChatIdentity, Platform, Reminder
from models.db import make_engine, make_sessionmaker
from nhacviec import app
from services import directory
from tests.bot.telegram.conftest import telegram_settings
from tests.bot.telegram.fake_bot_api import FakeBotAPI
from tests.factories import add_task, make_sample_org

PARAGRAPHS = 10_000
REMINDERS = 30
FIRST_CHAT = 810_000

LEADS = [("Phòng Quản lý Khoa học", "Thanh tra Sở"), ("Phòng Quản lý Công nghệ", "Văn phòng Sở"),
         ("Chi cục Tiêu chuẩn Đo lường Chất lượng", "Phòng Quản lý Khoa học")]
VERBS = ["Rà soát", "Xây dựng", "Tổng hợp", "Kiểm tra", "Hướng dẫn", "Báo cáo"]


def big_plan_docx(paragraphs: int = PARAGRAPHS) -> bytes:
    """Sections of six tasks with their timing and their units, until `paragraphs`."""
    doc = Document()
    head = ["SỞ THỬ NGHIỆM", "Số: 99/KH-STN", "KẾ HOẠCH", "Thử sức chịu tải của bot nhắc việc",
            "I. MỤC ĐÍCH, YÊU CẦU", "- Mỗi nhiệm vụ có sản phẩm cụ thể.", "II. NHIỆM VỤ VÀ PHÂN CÔNG"]
    lines = list(head)
    section = 0
    while len(lines) < paragraphs:
        section += 1
        lead, coordinate = LEADS[section % len(LEADS)]
        lines += [f"{section}. Nhóm việc số {section}", "a) Nội dung thực hiện:"]
        lines += [f"- {verb} hồ sơ nhóm {section} phần {k + 1}." for k, verb in enumerate(VERBS)]
        lines += [f"b) Thời gian thực hiện: trước ngày {1 + section % 28:02d}/{1 + section % 12:02d}/2027.",
                  f"c) Phân công thực hiện: {lead} chủ trì; {coordinate} phối hợp."]
    for line in lines[:paragraphs]:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


async def prepare(url: str, clock) -> tuple[str, list[int]]:
    """The sample department and REMINDERS officers with a task each: the office's invite code
    and the assignments to remind."""
    await upgrade(url)
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            sample = await make_sample_org(session)
            assignments = []
            for n in range(REMINDERS):
                officer = await directory.add_officer(session, sample.org, sample.units["science"], f"Cán bộ {n}")
                session.add(ChatIdentity(officer_id=officer.id, platform=Platform.TELEGRAM,
                                         user_id=str(FIRST_CHAT + n), chat_id=str(FIRST_CHAT + n)))
                task = await add_task(session, sample, f"Việc thử {n}", ["science"])
                session.add(AssignmentOfficer(assignment_id=task.assignments[0].id, officer_id=officer.id))
                assignments.append(task.assignments[0].id)
            code = (await directory.create_invite(session, sample.officers["lan"], now=clock.now())).code
            return code, assignments
    finally:
        await engine.dispose()


async def remind_now(sessionmaker, assignments: list[int], now, kind: str) -> None:
    async with sessionmaker() as session, session.begin():
        session.add_all([Reminder(assignment_id=a, kind=kind, due_at=now, next_attempt_at=now,
                                  ignore_window=True, deliveries=[]) for a in assignments])


def reminders_sent(api: FakeBotAPI) -> int:
    """Nudges about the officers' own tasks (not the notes about the plan's new tasks)."""
    return sum(1 for c in api.calls_of("sendMessage")
               if int(c.params.get("chat_id", 0)) >= FIRST_CHAT and "Việc thử" in (c.text or ""))


async def stored(api: FakeBotAPI, after: int, seconds: float = 120) -> str:
    """The office is told the plan was stored (the preview edited, or a new message)."""
    for _ in range(int(seconds * 10)):
        for call in api.calls[after:]:
            if call.method in ("sendMessage", "editMessageText") and "Đã lưu kế hoạch" in (call.text or ""):
                return call.text
        await asyncio.sleep(0.1)
    raise AssertionError("the plan was never stored")


async def wait_until(condition, seconds: float) -> None:
    for _ in range(int(seconds * 10)):
        if condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("timed out")


class Probe:
    """Asks /healthz every 0.2 s; keeps the slowest answer and every answer's loop figures."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.slowest = 0.0
        self.answers: list[dict] = []
        self.failures: list[str] = []

    async def run(self) -> None:
        timeout = aiohttp.ClientTimeout(total=5)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            while True:
                started = time.perf_counter()
                try:
                    async with http.get(self.url) as response:
                        self.answers.append(await response.json())
                except (aiohttp.ClientError, TimeoutError) as exc:
                    self.failures.append(repr(exc))
                self.slowest = max(self.slowest, time.perf_counter() - started)
                await asyncio.sleep(0.2)


@pytest.fixture
async def lenient_api():
    async with FakeBotAPI(strict_chats=False) as fake:
        yield fake


async def test_a_huge_plan_in_the_chat_stalls_nothing(lenient_api, empty_db_url, backend, clock, unused_tcp_port):
    api = lenient_api
    code, assignments = await prepare(empty_db_url, clock)
    data = await asyncio.to_thread(big_plan_docx)
    settings = telegram_settings(api, empty_db_url, listen=f"127.0.0.1:{unused_tcp_port}",
                                 sweep_interval=0.5)
    runtime = await app.start(settings, clock=clock)
    probe = Probe(f"http://127.0.0.1:{unused_tcp_port}/healthz")
    probing = asyncio.create_task(probe.run())
    try:
        lan = api.user(1002, "Lan")
        await api.user_text(lan, f"/start {code}")
        await api.wait_for("sendMessage", chat_id=lan.id, timeout=30)
        mark = api.mark()
        await api.user_document(lan, "ke-hoach-rat-dai.docx", data)
        # Reminders fall due while the bot has the plan in hand (its parse alone takes seconds).
        await remind_now(runtime.sessionmaker, assignments, clock.now(), "nudge:big1")
        preview = await api.wait_for("sendMessage", lambda c: bool(c.buttons), chat_id=lan.id, after=mark,
                                     timeout=120)
        during_preview = reminders_sent(api)
        stalls_by_preview = probe.answers[-1]["loop_stalls"] if probe.answers else None
        mark = api.mark()
        started = time.perf_counter()
        await api.press_button(lan, preview, "Xác nhận")
        # More reminders fall due while the 6,000 tasks are being stored.
        await remind_now(runtime.sessionmaker, assignments, clock.now(), "nudge:big2")
        await stored(api, mark)
        store_s = time.perf_counter() - started
        during_store = reminders_sent(api) - during_preview
        await wait_until(lambda: reminders_sent(api) == 2 * REMINDERS, 60)
    finally:
        probing.cancel()
        await asyncio.gather(probing, return_exceptions=True)
        await runtime.stop()
    worst = max(a["loop_lag_max_1m_s"] for a in probe.answers)
    print(f"\nplan stored in {store_s:.1f} s; /healthz slowest {probe.slowest:.3f} s over "
          f"{len(probe.answers)} answers; worst loop lag {worst:.3f} s (stalls over 1 s by the preview: "
          f"{stalls_by_preview}); reminders sent during the preview {during_preview}/{REMINDERS}, "
          f"during the store {during_store}/{REMINDERS}")
    assert not probe.failures  # /healthz answered every time (each within 5 s: no block)
    # Parsed in a child process: the reminders that fell due went out before the preview came back.
    assert during_preview == REMINDERS
    if backend == "postgresql":
        # Stored in short turns of the loop: those due meanwhile went out before it was done.
        # (SQLite has one writer: they wait for the plan's transaction, then go.)
        assert during_store == REMINDERS
