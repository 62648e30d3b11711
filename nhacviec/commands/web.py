"""The web workspace from the command line: `web link OFFICER_ID` prints a sign-in link,
`web token OFFICER_ID` a bearer token for the JSON API, `web revoke OFFICER_ID` ends both."""

from __future__ import annotations

import sys

from core.i18n import t
from nhacviec.commands.base import CommandContext, add_json_flag

TEXTS: dict[str, dict[str, str]] = {
    "cli.web_link": {
        "vi": "Đường dẫn đăng nhập trang làm việc cho {name} (dùng một lần, trong 15 phút):\n{url}",
        "en": "Web workspace sign-in link for {name} (one use, within 15 minutes):\n{url}",
    },
    "cli.web_no_base": {
        "vi": "Chưa đặt NHACVIEC_WEB_URL (hoặc NHACVIEC_PUBLIC_URL): đường dẫn trên dùng địa chỉ máy này, "
              "chỉ mở được từ chính máy này.",
        "en": "NHACVIEC_WEB_URL (or NHACVIEC_PUBLIC_URL) is not set: the link above uses this machine's "
              "address and only opens from this machine.",
    },
    "cli.web_token": {
        "vi": "Mã truy cập API cho {name} (xem được đúng như {name} trên web; hết hạn sau 365 ngày; "
              "mã cũ, nếu có, đã hết hiệu lực). Chỉ hiện một lần, hãy lưu lại:\n{token}",
        "en": "API token for {name} (sees exactly what {name} sees on the web; expires in 365 days; "
              "any previous token no longer works). Shown once, keep it:\n{token}",
    },
    "cli.web_revoked": {
        "vi": "Đã thu hồi mã API và đăng xuất mọi phiên web của {name} ({count}).",
        "en": "Revoked the API token and ended every web session of {name} ({count}).",
    },
}


def register(sub, groups) -> None:
    web = sub.add_parser("web", help="the web workspace (sign-in links)")
    groups["web"] = actions = web.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = actions.add_parser("link", help="a one-time sign-in link for an officer (15 minutes)")
    p.add_argument("officer_id", type=int, metavar="OFFICER_ID")
    add_json_flag(p)
    p.set_defaults(handler=web_link)
    p = actions.add_parser("token", help="a bearer token for the JSON API (replaces the officer's previous one)")
    p.add_argument("officer_id", type=int, metavar="OFFICER_ID")
    add_json_flag(p)
    p.set_defaults(handler=web_token)
    p = actions.add_parser("revoke", help="end an officer's API token and web sessions")
    p.add_argument("officer_id", type=int, metavar="OFFICER_ID")
    add_json_flag(p)
    p.set_defaults(handler=web_revoke)


async def web_link(ctx: CommandContext) -> int:
    from core.clock import SystemClock
    from nhacviec.workspace import sign_in_url
    from services import directory, web_sessions

    async with ctx.session() as session:
        officer = await directory.get_officer(session, ctx.args.officer_id, ctx.lang)
        token = await web_sessions.issue_link(session, officer, SystemClock().now(), ctx.lang, actor="cli")
        name = officer.name
        data = {"officer_id": officer.id, "name": name, "expires_in_s": int(web_sessions.LINK_TTL.total_seconds())}
    url = sign_in_url(ctx.settings, token)
    ctx.emit({**data, "url": url}, lambda: t("cli.web_link", ctx.lang, name=name, url=url))
    s = ctx.settings
    if not (s.web_url or s.calendar_base):
        sys.stderr.write(t("cli.web_no_base", ctx.lang) + "\n")
    return 0


async def web_token(ctx: CommandContext) -> int:
    from core.clock import SystemClock
    from services import directory, web_sessions

    async with ctx.session() as session:
        officer = await directory.get_officer(session, ctx.args.officer_id, ctx.lang)
        token = await web_sessions.issue_api_token(session, officer, SystemClock().now(), ctx.lang, actor="cli")
        name = officer.name
        data = {"officer_id": officer.id, "name": name, "token": token,
                "expires_in_s": int(web_sessions.API_TOKEN_TTL.total_seconds())}
    ctx.emit(data, lambda: t("cli.web_token", ctx.lang, name=name, token=token))
    return 0


async def web_revoke(ctx: CommandContext) -> int:
    from services import directory, web_sessions

    async with ctx.session() as session:
        officer = await directory.get_officer(session, ctx.args.officer_id, ctx.lang)
        count = await web_sessions.revoke_api_tokens(session, officer, actor="cli")
        name = officer.name
    ctx.emit({"officer_id": officer.id, "revoked": count},
             lambda: t("cli.web_revoked", ctx.lang, name=name, count=count))
    return 0
