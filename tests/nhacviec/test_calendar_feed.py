"""Calendar feeds: the events a calendar app sees, over real HTTP, parsed with icalendar;
renewal, refusal, and the check-in rule against the reminder policy's own days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
import sqlalchemy as sa
from dateutil.rrule import rrulestr

from core import ical
from core.calendar import WorkCalendar
from models import Assignment, AssignmentOfficer, Plan, Recurrence, Role
from nhacviec.calendar_feed import feed_routes
from nhacviec.config import load_settings
from nhacviec.web import WebServer, build_web_app
from scheduler.policy import AssignmentFacts, ReminderPolicy, plan_slots
from services import directory, feeds
from services.tasks import office_mark_done
from tests.factories import add_task, make_sample_org

# Pinned in pyproject.toml; a venv made before the pin skips here instead of failing to collect
# (pip install -e . brings it).
Calendar = pytest.importorskip("icalendar", reason="icalendar not installed: pip install -e .").Calendar

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


# --- the check-in rule is the policy's day ------------------------------------------------


@pytest.mark.parametrize(
    ("recurrence", "period"),
    [(Recurrence.ONGOING, "month"), (Recurrence.ONGOING, "quarter"), (Recurrence.MONTHLY, "month"),
     (Recurrence.QUARTERLY, "month"), (Recurrence.HALF_YEARLY, "month"), (Recurrence.YEARLY, "month")],
)
def test_checkin_rule_gives_the_days_the_bot_asks(recurrence, period):
    policy = ReminderPolicy(ongoing_period=period)
    calendar = WorkCalendar()
    start = date(2026, 1, 5)
    rule = ical.checkin_rule(recurrence, policy.checkin_day, policy.ongoing_period, policy.period_end_before)
    first = ical.first_checkin(rule, start)
    value = ical.rrule_of(rule)
    text = "FREQ=MONTHLY;" + (f"INTERVAL={value['interval']};" if "interval" in value else "") + \
        "BYDAY=MO,TU,WE,TH,FR;" + (f"BYMONTHDAY={','.join(map(str, value['bymonthday']))};"
                                   if "bymonthday" in value else "") + f"BYSETPOS={value['bysetpos']}"
    ours = [d.date() for d in rrulestr(text, dtstart=datetime.combine(first, time(8)))
            .between(datetime(2026, 1, 1), datetime(2028, 1, 1), inc=True)]
    facts = AssignmentFacts(Role.LEAD, None, recurrence, True, start)
    bot = [s.day for s in plan_slots(facts, policy, calendar, TZ, date(2027, 12, 31))
           if s.day < date(2028, 1, 1)]
    assert len(ours) == len(bot) >= 1
    for mine, theirs in zip(ours, bot, strict=True):
        # Equal, unless a holiday or a make-up Saturday lies between them (RRULE knows weekdays only).
        around = [mine + timedelta(days=k) for k in range(-10, 11)]
        assert mine == theirs or any(calendar.is_working_day(d) != (d.weekday() < 5) for d in around)
    assert sum(m == b for m, b in zip(ours, bot, strict=True)) >= len(ours) * 2 // 3


# --- over real HTTP -------------------------------------------------------------------------


@pytest.fixture
async def world(sessionmaker, clock, monkeypatch, unused_tcp_port):
    monkeypatch.delenv("NHACVIEC_LANGUAGE", raising=False)
    async with sessionmaker() as session, session.begin():
        sample = await make_sample_org(session)
        plan = Plan(org_id=sample.org.id, number="12/KH-STN", title="Kế hoạch thử số hóa hồ sơ năm 2026",
                    year=2026)
        session.add(plan)
        await session.flush()
        made = {}
        made["plain"] = await add_task(session, sample, "Rà soát danh mục thủ tục nội bộ", ["inspect"],
                                       deadline=date(2026, 3, 20))
        made["plain"].plan_id = plan.id
        made["weekend"] = await add_task(session, sample, "Tổng hợp số liệu quý I", ["science"], ["inspect"],
                                         deadline=date(2026, 3, 28))  # a Saturday: counts on Monday 30
        made["extended"] = await add_task(session, sample, "Chuẩn bị đoàn kiểm tra", ["inspect"],
                                          deadline=date(2026, 3, 10))
        made["done"] = await add_task(session, sample, "Việc đã xong", ["inspect"], deadline=date(2026, 3, 25))
        made["reported"] = await add_task(session, sample, "Việc đã báo xong", ["inspect"],
                                          deadline=date(2026, 3, 26))
        made["cancelled"] = await add_task(session, sample, "Việc đã hủy", ["inspect"], deadline=date(2026, 3, 27))
        made["ongoing"] = await add_task(session, sample, "Theo dõi tiếp công dân hằng tháng", ["inspect"],
                                         recurrence=Recurrence.ONGOING)
        made["ongoing"].plan_id = plan.id
        made["other"] = await add_task(session, sample, "Việc của phòng công nghệ", ["tech"],
                                       deadline=date(2026, 4, 3))
        await session.flush()
        lead = {t_.id: a for t_ in made.values() for a in await session.scalars(
            sa.select(Assignment).where(Assignment.task_id == t_.id, Assignment.role == Role.LEAD))}
        lead[made["extended"].id].extended_deadline = date(2026, 4, 15)
        await office_mark_done(session, made["done"])
        lead[made["reported"].id].reported_done_at = datetime(2026, 3, 1, 3, tzinfo=UTC)
        made["cancelled"].cancelled_at = datetime(2026, 3, 1, 3, tzinfo=UTC)
        # The head gave the plain task to himself; Mai was lent to the technology unit's task.
        session.add(AssignmentOfficer(assignment_id=lead[made["plain"].id].id,
                                      officer_id=sample.officers["hung"].id))
        session.add(AssignmentOfficer(assignment_id=lead[made["other"].id].id,
                                      officer_id=sample.officers["mai"].id))
        tokens = {
            "unit": (await feeds.unit_feed(session, sample.units["inspect"])).token,
            "office": (await feeds.unit_feed(session, sample.office)).token,
            "mai": (await feeds.officer_feed(session, sample.officers["mai"])).token,
            "hung": (await feeds.officer_feed(session, sample.officers["hung"])).token,
        }
        ids = {k: v.id for k, v in made.items()}
        officers = {k: v.id for k, v in sample.officers.items()}
    settings = load_settings(database_url="sqlite+aiosqlite:///unused.db")
    server = WebServer(build_web_app(feed_routes(sessionmaker, settings, clock, lambda: "nhacviec_bot")),
                       "127.0.0.1", unused_tcp_port)
    await server.start()
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}") as client:
            yield {"client": client, "tokens": tokens, "ids": ids, "officers": officers}
    finally:
        await server.stop()


async def _get(world, token):
    answer = await world["client"].get(f"/lich/{token}.ics")
    return answer, (Calendar.from_ical(answer.content) if answer.status_code == 200 else None)


def _events(cal):
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


async def test_unit_feed_events_time_zone_and_stable_uids(world):
    answer, cal = await _get(world, world["tokens"]["unit"])
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/calendar")
    ids = world["ids"]
    events = _events(cal)
    uid = {k: f"nhacviec-task-{v}@nhacviec" for k, v in ids.items()}
    assert set(events) == {uid["plain"], uid["weekend"], uid["extended"],
                           f"nhacviec-task-{ids['ongoing']}-checkin@nhacviec"}
    plain = events[uid["plain"]]
    assert plain.start == date(2026, 3, 20) and plain.end == date(2026, 3, 21)  # all day
    assert str(plain["SUMMARY"]).startswith("Chủ trì: #") and "Rà soát danh mục" in str(plain["SUMMARY"])
    text = str(plain["DESCRIPTION"])
    assert "Rà soát danh mục thủ tục nội bộ" in text and "12/KH-STN: Kế hoạch thử số hóa" in text
    assert "Vai trò của Thanh tra Sở: chủ trì" in text and "Hạn: 20/03/2026" in text
    assert f"https://t.me/nhacviec_bot?start=viec_{ids['plain']}" == str(plain["URL"])
    assert f"/viec {ids['plain']}" in text

    weekend = events[uid["weekend"]]
    assert weekend.start == date(2026, 3, 30) and str(weekend["SUMMARY"]).startswith("Phối hợp:")
    assert "kế hoạch ghi 28/03/2026" in str(weekend["DESCRIPTION"])
    extended = events[uid["extended"]]
    assert extended.start == date(2026, 4, 15) and "đã gia hạn" in str(extended["DESCRIPTION"])

    checkin = events[f"nhacviec-task-{ids['ongoing']}-checkin@nhacviec"]
    assert checkin.start == datetime(2026, 3, 25, 8, 0, tzinfo=TZ)
    assert checkin.start.utcoffset() == timedelta(hours=7) and checkin["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    rule = checkin["RRULE"]
    assert rule["FREQ"] == ["MONTHLY"] and rule["BYMONTHDAY"] == [25, 26, 27] and rule["BYSETPOS"] == [1]
    assert rule["UNTIL"][0] == datetime(2026, 12, 31, 10, 0, tzinfo=UTC)  # 17:00 in Hà Nội, in UTC
    [zone] = cal.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Ho_Chi_Minh" and str(cal["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"
    assert zone.to_tz().utcoffset(datetime(2026, 6, 1)) == timedelta(hours=7)
    assert str(cal["X-PUBLISHED-TTL"]) == "PT1H"

    head = await world["client"].head(f"/lich/{world['tokens']['unit']}.ics")
    assert head.status_code == 200 and head.content == b"" and head.headers["content-type"].startswith("text/calendar")
    _, again = await _get(world, world["tokens"]["unit"])
    assert set(_events(again)) == set(events) and str(again["UID"]) == str(cal["UID"])


async def test_office_feed_monitors_dated_tasks_without_check_ins(world):
    ids = world["ids"]
    _, cal = await _get(world, world["tokens"]["office"])
    events = _events(cal)  # Văn phòng monitors every task; the bot asks only lead units for progress
    assert set(events) == {f"nhacviec-task-{ids[k]}@nhacviec" for k in ("plain", "weekend", "extended", "other")}
    assert all(str(e["SUMMARY"]).startswith("Theo dõi, tổng hợp: #") for e in events.values())


async def test_officer_feed_follows_who_the_head_named(world):
    ids = world["ids"]
    _, mai = await _get(world, world["tokens"]["mai"])
    _, hung = await _get(world, world["tokens"]["hung"])
    mine = _events(mai)
    assert f"nhacviec-task-{ids['plain']}@nhacviec" not in mine  # given to Hùng
    assert f"nhacviec-task-{ids['plain']}@nhacviec" in _events(hung)
    lent = mine[f"nhacviec-task-{ids['other']}@nhacviec"]  # lent to the technology unit
    assert "Vai trò của Phòng Quản lý Công nghệ: chủ trì" in str(lent["DESCRIPTION"])
    assert f"nhacviec-task-{ids['other']}@nhacviec" not in _events(hung)
    assert "Lê Thị Mai" in str(mai["X-WR-CALNAME"])


async def test_wrong_renewed_and_deactivated_are_refused(world, sessionmaker):
    for token in ("x" * 43, world["tokens"]["mai"][:-1], "%2e%2e"):
        answer = await world["client"].get(f"/lich/{token}.ics")
        assert answer.status_code == 404 and b"VCALENDAR" not in answer.content and b"VEVENT" not in answer.content
    async with sessionmaker() as session, session.begin():
        hung = await directory.get_officer(session, world["officers"]["hung"])
        renewed = (await feeds.officer_feed(session, hung, renew=True)).token
    assert renewed != world["tokens"]["hung"]
    old, _ = await _get(world, world["tokens"]["hung"])
    new, cal = await _get(world, renewed)
    assert old.status_code == 404 and b"VEVENT" not in old.content and new.status_code == 200 and cal is not None
    async with sessionmaker() as session, session.begin():
        await directory.deactivate_officer(session, await directory.get_officer(session, world["officers"]["mai"]))
    gone, _ = await _get(world, world["tokens"]["mai"])
    assert gone.status_code == 404 and b"VEVENT" not in gone.content


# --- the command line -----------------------------------------------------------------------


def test_cli_prints_and_renews_the_links(cli, monkeypatch):
    import json

    def run(*argv):
        code, out, err = cli(*argv)
        assert code == 0, err
        return out, err

    run("org", "create", "Sở Mẫu", "--slug", "mau")
    run("unit", "add", "mau", "Thanh tra Sở", "--alias", "Thanh tra")
    officer = json.loads(run("officer", "add", "mau", "--unit", "Thanh tra", "--name", "Lê Mai", "--json")[0])
    out, err = run("officer", "feed", str(officer["id"]))
    assert "http://localhost:8080/lich/" in out and "Google Calendar" in out and "NHACVIEC_CALENDAR_URL" in err
    monkeypatch.setenv("NHACVIEC_CALENDAR_URL", "https://lich.so-mau.gov.vn/")
    first = json.loads(run("officer", "feed", str(officer["id"]), "--json")[0])
    assert first["url"].startswith("https://lich.so-mau.gov.vn/lich/") and first["url"].endswith(".ics")
    assert json.loads(run("officer", "feed", str(officer["id"]), "--json")[0])["url"] == first["url"]
    renewed = json.loads(run("officer", "feed", str(officer["id"]), "--renew", "--json")[0])
    assert renewed["url"] != first["url"] and renewed["renewed"] is True
    unit = json.loads(run("unit", "feed", "mau", "Thanh tra", "--json")[0])
    assert unit["unit_id"] and unit["url"] not in (first["url"], renewed["url"])
    out, _ = run("officer", "deactivate", str(officer["id"]))
    code, _, err = cli("officer", "feed", str(officer["id"]))
    assert code == 2 and "đã ngừng" in err
