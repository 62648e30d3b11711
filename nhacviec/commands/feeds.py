"""Calendar feeds from the command line: `officer feed`, `unit feed`."""

from __future__ import annotations

import sys

from core.i18n import t
from nhacviec.commands.base import CommandContext, add_json_flag

TEXTS: dict[str, dict[str, str]] = {
    "cli.feed": {
        "vi": "Lịch riêng của {owner}:\n{url}\nThêm vào Google Calendar (Thêm lịch → Từ URL) hoặc Outlook "
              "(Thêm lịch → Đăng ký từ web). Ai có đường dẫn này đều xem được: không chia sẻ.",
        "en": "The private calendar of {owner}:\n{url}\nAdd it in Google Calendar (Other calendars → From URL) "
              "or Outlook (Add calendar → Subscribe from web). Anyone with the link can read it: do not share it.",
    },
    "cli.feed_renewed": {"vi": "Đã đổi đường dẫn: đường dẫn cũ không còn dùng được.",
                         "en": "Renewed: the old link no longer works."},
    "cli.feed_no_base": {
        "vi": "Chưa đặt NHACVIEC_CALENDAR_URL (hoặc NHACVIEC_PUBLIC_URL): đường dẫn trên dùng địa chỉ máy này, "
              "chỉ mở được từ chính máy này.",
        "en": "NHACVIEC_CALENDAR_URL (or NHACVIEC_PUBLIC_URL) is not set: the link above uses this machine's "
              "address and only opens from this machine.",
    },
    "cli.feed_inactive": {"vi": "Cán bộ #{id} {name} đã ngừng: không có lịch.",
                          "en": "Officer #{id} {name} is deactivated: no calendar."},
}


def register(sub, groups) -> None:
    p = groups["officer"].add_parser("feed", help="the officer's private calendar link (iCalendar)")
    p.add_argument("officer_id", type=int, metavar="OFFICER_ID")
    p.add_argument("--renew", action="store_true", help="a new link; the old one stops working")
    add_json_flag(p)
    p.set_defaults(handler=officer_feed)
    p = groups["unit"].add_parser("feed", help="the unit's private calendar link (iCalendar)")
    p.add_argument("org", metavar="ORG")
    p.add_argument("unit", metavar="UNIT", help="unit name, alias or id")
    p.add_argument("--renew", action="store_true", help="a new link; the old one stops working")
    add_json_flag(p)
    p.set_defaults(handler=unit_feed)


def base_url(settings) -> tuple[str, bool]:
    """The feeds' base URL, and whether it was configured (else this machine's listen address)."""
    if settings.calendar_base:
        return settings.calendar_base, True
    host = settings.listen_host
    host = "localhost" if host in ("0.0.0.0", "::", "") else host
    return f"http://{host}:{settings.listen_port}", False


def _emit(ctx: CommandContext, feed, owner: str, data: dict) -> None:
    from services.feeds import feed_url

    base, configured = base_url(ctx.settings)
    url = feed_url(base, feed.token)
    ctx.emit({**data, "url": url, "renewed": bool(ctx.args.renew)},
             lambda: "\n".join([t("cli.feed", ctx.lang, owner=owner, url=url)]
                               + ([t("cli.feed_renewed", ctx.lang)] if ctx.args.renew else [])))
    if not configured:
        sys.stderr.write(t("cli.feed_no_base", ctx.lang) + "\n")


async def officer_feed(ctx: CommandContext) -> int:
    from core.errors import DomainError
    from services import directory
    from services.feeds import officer_feed as feed_of

    async with ctx.session() as session:
        officer = await directory.get_officer(session, ctx.args.officer_id, ctx.lang)
        if not officer.active:
            raise DomainError(t("cli.feed_inactive", ctx.lang, id=officer.id, name=officer.name))
        feed = await feed_of(session, officer, renew=ctx.args.renew)
        data = {"officer_id": officer.id, "unit_id": None, "name": officer.name}
    _emit(ctx, feed, officer.name, data)
    return 0


async def unit_feed(ctx: CommandContext) -> int:
    from services import directory
    from services.feeds import unit_feed as feed_of

    async with ctx.session() as session:
        org = await directory.get_org(session, ctx.args.org, ctx.lang)
        unit = await directory.find_unit(session, org, ctx.args.unit, ctx.lang)
        feed = await feed_of(session, unit, renew=ctx.args.renew)
        data = {"officer_id": None, "unit_id": unit.id, "name": unit.name}
    _emit(ctx, feed, unit.name, data)
    return 0
