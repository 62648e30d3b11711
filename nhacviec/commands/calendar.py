"""The working calendar: `calendar add`, `calendar list`, `calendar remove`."""

from __future__ import annotations

from core.errors import DomainError
from core.i18n import t
from core.timefmt import format_date_weekday, parse_date
from models import CalendarDayKind, utcnow
from nhacviec.commands.base import CommandContext, add_json_flag, table
from services import directory
from services.calendar_days import list_calendar_days, remove_calendar_day, set_calendar_day

TEXTS: dict[str, dict[str, str]] = {
    "cli.cal.bad_date": {
        "vi": "Ngày “{value}” không đúng dạng dd/mm/yyyy (ví dụ 02/01/2026).",
        "en": "Date “{value}” is not dd/mm/yyyy (e.g. 02/01/2026).",
    },
    "cli.cal.added": {
        "vi": "Đã ghi {day}: {kind}. Đã lập lại lịch nhắc ({n} thay đổi).",
        "en": "Saved {day}: {kind}. Reminders re-planned ({n} changes).",
    },
    "cli.cal.removed": {
        "vi": "Đã bỏ ngày {day} khỏi lịch riêng. Đã lập lại lịch nhắc ({n} thay đổi).",
        "en": "Removed {day} from the own calendar. Reminders re-planned ({n} changes).",
    },
    "cli.cal.empty": {"vi": "Chưa có ngày nghỉ hay ngày làm bù riêng nào.", "en": "No own days yet."},
    "cal.kind.day_off": {"vi": "ngày nghỉ", "en": "day off"},
    "cal.kind.working_day": {"vi": "ngày làm bù", "en": "make-up working day"},
    "cal.kind.holiday": {"vi": "ngày lễ", "en": "public holiday"},
    "cal.source.org": {"vi": "riêng", "en": "own"},
    "cal.source.holidays": {"vi": "nhà nước", "en": "national"},
}


def register(sub, groups) -> None:
    cal = sub.add_parser("calendar", help="days off and make-up working days of an organization")
    cal_sub = cal.add_subparsers(dest="calendar_command", metavar="ACTION", required=True)
    groups["calendar"] = cal_sub

    p = cal_sub.add_parser("add", help="add a day off or a make-up working day")
    p.add_argument("org", metavar="ORG")
    p.add_argument("day", metavar="dd/mm/yyyy")
    kind = p.add_mutually_exclusive_group(required=True)
    kind.add_argument("--day-off", dest="kind", action="store_const", const=CalendarDayKind.DAY_OFF)
    kind.add_argument("--working-day", dest="kind", action="store_const", const=CalendarDayKind.WORKING_DAY)
    p.add_argument("--note", help="why (e.g. “Nghỉ bù Tết theo quyết định của UBND tỉnh”)")
    add_json_flag(p)
    p.set_defaults(handler=calendar_add)

    p = cal_sub.add_parser("list", help="the organization's own days (and a year's holidays)")
    p.add_argument("org", metavar="ORG")
    p.add_argument("--year", type=int, help="also show that year's public holidays")
    add_json_flag(p)
    p.set_defaults(handler=calendar_list)

    p = cal_sub.add_parser("remove", help="remove an own day")
    p.add_argument("org", metavar="ORG")
    p.add_argument("day", metavar="dd/mm/yyyy")
    add_json_flag(p)
    p.set_defaults(handler=calendar_remove)


def _day(ctx: CommandContext):
    day = parse_date(ctx.args.day)
    if day is None:
        raise DomainError(t("cli.cal.bad_date", ctx.lang, value=ctx.args.day))
    return day


async def calendar_add(ctx: CommandContext) -> int:
    day = _day(ctx)
    async with ctx.session() as session:
        org = await directory.get_org(session, ctx.args.org, ctx.lang)
        row, result = await set_calendar_day(session, org, day, ctx.args.kind, ctx.args.note, utcnow(), ctx.settings.tz,
                                             lang=ctx.lang)
    changes = result.inserted + result.cancelled + result.updated
    ctx.emit(
        {"day": day, "kind": row.kind.value, "note": row.note, "replanned": result.__dict__},
        t("cli.cal.added", ctx.lang, day=format_date_weekday(day, ctx.lang),
          kind=t(f"cal.kind.{row.kind.value}", ctx.lang), n=changes),
    )
    return 0


async def calendar_list(ctx: CommandContext) -> int:
    async with ctx.session() as session:
        org = await directory.get_org(session, ctx.args.org, ctx.lang)
        entries = await list_calendar_days(session, org.id, ctx.args.year)
    rows = [
        (format_date_weekday(e.day, ctx.lang), t(f"cal.kind.{e.kind}", ctx.lang),
         t(f"cal.source.{e.source}", ctx.lang), e.note or "")
        for e in entries
    ]
    ctx.emit(
        [{"day": e.day, "kind": e.kind, "note": e.note, "source": e.source} for e in entries],
        lambda: table(["Ngày", "Loại", "Nguồn", "Ghi chú"], rows) if rows else t("cli.cal.empty", ctx.lang),
    )
    return 0


async def calendar_remove(ctx: CommandContext) -> int:
    day = _day(ctx)
    async with ctx.session() as session:
        org = await directory.get_org(session, ctx.args.org, ctx.lang)
        result = await remove_calendar_day(session, org, day, utcnow(), ctx.settings.tz, lang=ctx.lang)
    changes = result.inserted + result.cancelled + result.updated
    ctx.emit({"day": day, "removed": True, "replanned": result.__dict__},
             t("cli.cal.removed", ctx.lang, day=format_date_weekday(day, ctx.lang), n=changes))
    return 0
