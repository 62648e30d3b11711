"""Organizations, units and officers: `org`, `unit`, `officer`."""

from __future__ import annotations

import logging

from core.errors import DomainError
from models import OfficerRole
from nhacviec.commands.base import CommandContext, add_json_flag, table
from services import directory

log = logging.getLogger(__name__)

TEXTS: dict[str, dict[str, str]] = {
    "cli.org_created": {"vi": "Đã tạo cơ quan #{id} “{name}” (mã: {slug}).",
                        "en": "Created organization #{id} “{name}” (slug: {slug})."},
    "cli.unit_added": {"vi": "Đã thêm đơn vị #{id} “{name}”{office}.",
                       "en": "Added unit #{id} “{name}”{office}."},
    "cli.office_mark": {"vi": " — Văn phòng (theo dõi, nhận báo cáo)",
                        "en": " — the office (monitors, receives digests)"},
    "cli.officer_added": {"vi": "Đã thêm cán bộ #{id} {name} ({unit}).",
                          "en": "Added officer #{id} {name} ({unit})."},
    "cli.invite": {
        "vi": "Mã mời dùng một lần: {code} (hết hạn {expires}).\n"
              "Cán bộ gửi mã này cho bot trên Telegram hoặc Zalo để liên kết tài khoản.",
        "en": "One-time invite code: {code} (expires {expires}).\n"
              "The officer sends this code to the bot on Telegram or Zalo to link the account.",
    },
    "cli.deep_link": {"vi": "Hoặc mở liên kết: {link}", "en": "Or open the link: {link}"},
    "cli.unlinked": {
        "vi": "Đã gỡ {n} tài khoản chat của cán bộ #{id} {name}{platform}. "
              "Cán bộ liên kết lại bằng mã mời mới: nhacviec officer invite {id}",
        "en": "Cut {n} chat account(s) of officer #{id} {name}{platform}. "
              "They link again with a new code: nhacviec officer invite {id}",
    },
    "cli.deactivated": {
        "vi": "Cán bộ #{id} {name} đã ngừng: không nhận nhắc việc, không thao tác được; "
              "đã gỡ {n} tài khoản chat và hủy mã mời còn hạn.",
        "en": "Officer #{id} {name} is deactivated: no reminders, no actions; "
              "{n} chat account(s) cut and open invite codes cancelled.",
    },
    "cli.already_inactive": {"vi": "Cán bộ #{id} {name} đã ngừng từ trước.",
                             "en": "Officer #{id} {name} was already deactivated."},
    "cli.inactive_invite": {
        "vi": "Cán bộ #{id} {name} đã ngừng; không cấp mã mời.",
        "en": "Officer #{id} {name} is deactivated; no invite code issued.",
    },
    "cli.no_units": {"vi": "Chưa có đơn vị nào.", "en": "No units yet."},
    "cli.no_officers": {"vi": "Chưa có cán bộ nào.", "en": "No officers yet."},
    "cli.no_orgs": {"vi": "Chưa có cơ quan nào. Tạo bằng: nhacviec org create \"Tên Sở\"",
                    "en": "No organizations yet. Create one: nhacviec org create \"Name\""},
}

ROLE_LABELS = {
    OfficerRole.OFFICER: "cán bộ",
    OfficerRole.HEAD: "trưởng đơn vị",
    OfficerRole.OFFICE: "văn phòng",
    OfficerRole.LEADER: "lãnh đạo Sở",
}


def register(sub, groups) -> None:
    org = sub.add_parser("org", help="organizations (Sở)")
    org_sub = org.add_subparsers(dest="org_command", metavar="ACTION", required=True)
    groups["org"] = org_sub
    p = org_sub.add_parser("create", help="create an organization")
    p.add_argument("name")
    p.add_argument("--slug", help="short id used in commands (default: from the name)")
    add_json_flag(p)
    p.set_defaults(handler=org_create)
    p = org_sub.add_parser("list", help="list organizations")
    add_json_flag(p)
    p.set_defaults(handler=org_list)

    unit = sub.add_parser("unit", help="units (phòng, đơn vị)")
    unit_sub = unit.add_subparsers(dest="unit_command", metavar="ACTION", required=True)
    groups["unit"] = unit_sub
    p = unit_sub.add_parser("add", help="add a unit")
    p.add_argument("org", metavar="ORG")
    p.add_argument("name")
    p.add_argument("--alias", action="append", default=[], help="another spelling (repeatable)")
    p.add_argument("--office", action="store_true", help="this is Văn phòng (one per organization)")
    add_json_flag(p)
    p.set_defaults(handler=unit_add)
    p = unit_sub.add_parser("list", help="list units")
    p.add_argument("org", metavar="ORG")
    add_json_flag(p)
    p.set_defaults(handler=unit_list)

    officer = sub.add_parser("officer", help="officers and their invite codes")
    off_sub = officer.add_subparsers(dest="officer_command", metavar="ACTION", required=True)
    groups["officer"] = off_sub
    p = off_sub.add_parser("add", help="add an officer and print a one-time invite code")
    p.add_argument("org", metavar="ORG")
    p.add_argument("--unit", required=True, help="unit name, alias or id")
    p.add_argument("--name", required=True)
    p.add_argument("--role", choices=[r.value for r in OfficerRole], default="officer")
    p.add_argument("--focal", action="store_true", help="focal officer (đầu mối) of the unit")
    p.add_argument("--position", help="position (chức vụ), e.g. \"Phó Chánh Thanh tra\"")
    p.add_argument("--phone", help="phone number (điện thoại)")
    p.add_argument("--email")
    add_json_flag(p)
    p.set_defaults(handler=officer_add)
    p = off_sub.add_parser("list", help="list officers")
    p.add_argument("org", metavar="ORG")
    add_json_flag(p)
    p.set_defaults(handler=officer_list)
    p = off_sub.add_parser("invite", help="issue a fresh invite code")
    p.add_argument("officer_id", type=int, metavar="OFFICER_ID")
    add_json_flag(p)
    p.set_defaults(handler=officer_invite)
    p = off_sub.add_parser("unlink", help="cut an officer's chat accounts (lost phone, new number)")
    p.add_argument("officer_id", type=int, metavar="OFFICER_ID")
    p.add_argument("--channel", choices=["telegram", "zalo"], help="only this channel (default: all)")
    add_json_flag(p)
    p.set_defaults(handler=officer_unlink)
    p = off_sub.add_parser("deactivate", help="an officer who left: no reminders, no actions, no codes")
    p.add_argument("officer_id", type=int, metavar="OFFICER_ID")
    add_json_flag(p)
    p.set_defaults(handler=officer_deactivate)


def _cell(text: str, limit: int = 60) -> str:
    """A table cell on one line, shortened: one long name must not widen every row (--json keeps it whole)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def org_json(org) -> dict:
    return {"id": org.id, "slug": org.slug, "name": org.name,
            "require_confirmation": org.require_confirmation}


def unit_json(unit) -> dict:
    return {"id": unit.id, "org_id": unit.org_id, "name": unit.name, "aliases": list(unit.aliases),
            "is_office": unit.is_office}


def officer_json(officer, unit_name: str | None = None, platforms: list[str] | None = None) -> dict:
    return {"id": officer.id, "org_id": officer.org_id, "unit_id": officer.unit_id,
            "unit": unit_name, "name": officer.name, "role": officer.role.value,
            "is_focal": officer.is_focal, "active": officer.active,
            "position": officer.position, "phone": officer.phone, "email": officer.email,
            "linked": platforms or []}


async def org_create(ctx: CommandContext) -> int:
    from core.i18n import t

    async with ctx.session() as session:
        org = await directory.create_org(session, ctx.args.name, ctx.args.slug, ctx.lang)
    ctx.emit(org_json(org), t("cli.org_created", ctx.lang, id=org.id, name=org.name, slug=org.slug))
    return 0


async def org_list(ctx: CommandContext) -> int:
    from core.i18n import t

    async with ctx.session() as session:
        orgs = await directory.list_orgs(session)
    ctx.emit(
        [org_json(o) for o in orgs],
        lambda: table(["ID", "Mã", "Tên"], [(o.id, o.slug, _cell(o.name)) for o in orgs])
        if orgs else t("cli.no_orgs", ctx.lang),
    )
    return 0


async def unit_add(ctx: CommandContext) -> int:
    from core.i18n import t

    async with ctx.session() as session:
        org = await directory.get_org(session, ctx.args.org, ctx.lang)
        unit = await directory.add_unit(
            session, org, ctx.args.name, ctx.args.alias, ctx.args.office, lang=ctx.lang
        )
    office = t("cli.office_mark", ctx.lang) if unit.is_office else ""
    ctx.emit(unit_json(unit), t("cli.unit_added", ctx.lang, id=unit.id, name=unit.name, office=office))
    return 0


async def unit_list(ctx: CommandContext) -> int:
    from core.i18n import t

    async with ctx.session() as session:
        org = await directory.get_org(session, ctx.args.org, ctx.lang)
        units = await directory.list_units(session, org.id)
    rows = [(u.id, _cell(u.name) + (" ★" if u.is_office else ""), _cell(", ".join(u.aliases))) for u in units]
    ctx.emit(
        [unit_json(u) for u in units],
        lambda: table(["ID", "Đơn vị (★ Văn phòng)", "Tên khác"], rows) if units else t("cli.no_units", ctx.lang),
    )
    return 0


async def officer_add(ctx: CommandContext) -> int:
    async with ctx.session() as session:
        org = await directory.get_org(session, ctx.args.org, ctx.lang)
        unit = await directory.find_unit(session, org, ctx.args.unit, ctx.lang)
        officer = await directory.add_officer(
            session, org, unit, ctx.args.name, OfficerRole(ctx.args.role), ctx.args.focal, lang=ctx.lang,
            position=ctx.args.position, phone=ctx.args.phone, email=ctx.args.email,
        )
        invite = await directory.create_invite(session, officer)
        data = officer_json(officer, unit.name)
    await _emit_invite(ctx, data, invite, header=True)
    return 0


async def officer_unlink(ctx: CommandContext) -> int:
    from core.i18n import t

    async with ctx.session() as session:
        officer = await directory.get_officer(session, ctx.args.officer_id, ctx.lang)
        cut = await directory.unlink_officer(session, officer, ctx.args.channel)
        data = {**officer_json(officer), "unlinked": [{"platform": p, "chat_id": c} for p, c in cut]}
    platform = f" ({ctx.args.channel})" if ctx.args.channel else ""
    ctx.emit(data, t("cli.unlinked", ctx.lang, n=len(cut), id=officer.id, name=officer.name,
                     platform=platform))
    return 0


async def officer_deactivate(ctx: CommandContext) -> int:
    from core.i18n import t

    async with ctx.session() as session:
        officer = await directory.get_officer(session, ctx.args.officer_id, ctx.lang)
        was_active = officer.active
        cut = await directory.deactivate_officer(session, officer) if was_active else []
        data = {**officer_json(officer), "unlinked": [{"platform": p, "chat_id": c} for p, c in cut]}
    key = "cli.deactivated" if was_active else "cli.already_inactive"
    ctx.emit(data, t(key, ctx.lang, n=len(cut), id=officer.id, name=officer.name))
    return 0


async def officer_invite(ctx: CommandContext) -> int:
    from core.i18n import t

    async with ctx.session() as session:
        officer = await directory.get_officer(session, ctx.args.officer_id, ctx.lang)
        if not officer.active:
            raise DomainError(t("cli.inactive_invite", ctx.lang, id=officer.id, name=officer.name))
        unit_name = (await session.get(directory.Unit, officer.unit_id)).name
        invite = await directory.create_invite(session, officer)
        data = officer_json(officer, unit_name)
    await _emit_invite(ctx, data, invite, header=False)
    return 0


async def _emit_invite(ctx: CommandContext, data: dict, invite, header: bool) -> None:
    from core.i18n import t
    from core.timefmt import format_datetime

    link = None
    username = await telegram_bot_username(ctx)
    if username:
        link = f"https://t.me/{username}?start={invite.code}"
    data = {**data, "invite": {"code": invite.code, "expires_at": invite.expires_at, "telegram_link": link}}
    lines = []
    if header:
        lines.append(t("cli.officer_added", ctx.lang, id=data["id"], name=data["name"], unit=data["unit"]))
    lines.append(t("cli.invite", ctx.lang, code=invite.code,
                   expires=format_datetime(invite.expires_at, ctx.settings.tz)))
    if link:
        lines.append(t("cli.deep_link", ctx.lang, link=link))
    ctx.emit(data, "\n".join(lines))


async def telegram_bot_username(ctx: CommandContext) -> str | None:
    """The bot's username for deep links: from settings, else one quick getMe."""
    settings = ctx.settings
    if settings.telegram_bot_username:
        return settings.telegram_bot_username.lstrip("@")
    if not settings.telegram_token:
        return None
    import httpx

    try:
        async with httpx.AsyncClient(timeout=5) as client:
            answer = await client.get(f"{settings.telegram_api_url}/bot{settings.telegram_token}/getMe")
            return answer.json()["result"]["username"]
    except Exception:  # no network or a bad token: the code alone still works
        log.info("getMe failed; printing the invite code without a link")
        return None


async def officer_list(ctx: CommandContext) -> int:
    from core.i18n import t

    async with ctx.session() as session:
        org = await directory.get_org(session, ctx.args.org, ctx.lang)
        units = {u.id: u.name for u in await directory.list_units(session, org.id)}
        officers = await directory.list_officers(session, org.id)
        linked = {}
        for o in officers:
            await session.refresh(o, ["identities"])
            linked[o.id] = sorted({i.platform.value for i in o.identities})
    rows = [
        (o.id, _cell(o.name), _cell(units.get(o.unit_id) or ""), ROLE_LABELS[o.role] + (" · đầu mối" if o.is_focal else ""),
         _cell(o.position or "", 30), _cell(" · ".join(c for c in (o.phone, o.email) if c), 50),
         ", ".join(linked[o.id]) or "—", "" if o.active else "ngừng")
        for o in officers
    ]
    headers = ["ID", "Họ tên", "Đơn vị", "Vai trò", "Chức vụ", "Liên hệ", "Đã liên kết", ""]
    # The contact columns only when someone has them: a list without them stays narrow.
    keep = [i for i, h in enumerate(headers) if h not in ("Chức vụ", "Liên hệ") or any(r[i] for r in rows)]
    ctx.emit(
        [officer_json(o, units.get(o.unit_id), linked[o.id]) for o in officers],
        lambda: table([headers[i] for i in keep], [[r[i] for i in keep] for r in rows])
        if officers else t("cli.no_officers", ctx.lang),
    )
    return 0
