"""A department on board at once: `officer import`, `officer invites`, `unit import`."""

from __future__ import annotations

from pathlib import Path

from core.errors import DomainError, NotFound
from core.i18n import t
from nhacviec.commands.base import CommandContext, add_json_flag, table
from nhacviec.commands.directory import ROLE_LABELS, officer_json, telegram_bot_username, unit_json

MAX_FILE_BYTES = 10 * 1024 * 1024

TEXTS: dict[str, dict[str, str]] = {
    "cli.roster_done": {
        "vi": "Đã thêm {n} cán bộ{units}; bỏ qua {skipped} người đã có. Mã mời dùng một lần, hết hạn {expires}.",
        "en": "Added {n} officer(s){units}; skipped {skipped} already there. One-time codes, expiring {expires}.",
    },
    "cli.roster_updated": {"vi": "Đã cập nhật thông tin của {n} người đã có theo danh sách:",
                           "en": "Updated the details of {n} officer(s) already there from the list:"},
    "cli.roster_would_update": {"vi": "Sẽ cập nhật thông tin của {n} người đã có theo danh sách:",
                                "en": "Would update the details of {n} officer(s) already there from the list:"},
    "cli.roster_change": {"vi": "{field}: {old} → {new}", "en": "{field}: {old} → {new}"},
    "cli.roster_field.position": {"vi": "chức vụ", "en": "position"},
    "cli.roster_field.phone": {"vi": "điện thoại", "en": "phone"},
    "cli.roster_field.email": {"vi": "email", "en": "email"},
    "cli.roster_field.focal": {"vi": "đầu mối", "en": "focal point"},
    "cli.roster_empty": {"vi": "(trống)", "en": "(empty)"},
    "cli.yes": {"vi": "có", "en": "yes"},
    "cli.no": {"vi": "không", "en": "no"},
    "cli.roster_new_units": {"vi": " và {n} đơn vị mới ({names})", "en": " and {n} new unit(s) ({names})"},
    "cli.roster_none": {"vi": "Không có ai mới: cả {skipped} người đều đã có.",
                        "en": "Nobody new: all {skipped} are already there."},
    "cli.roster_dry": {
        "vi": "Kiểm tra xong, chưa lưu gì: sẽ thêm {n} cán bộ{units}, bỏ qua {skipped} người đã có.",
        "en": "Checked, nothing stored: would add {n} officer(s){units}, skip {skipped} already there.",
    },
    "cli.roster_hint": {
        "vi": "Bảng mã mời để phát cho cán bộ: nhacviec officer invites {org} --xlsx ma-moi.xlsx",
        "en": "The sheet of codes to hand out: nhacviec officer invites {org} --xlsx invites.xlsx",
    },
    "cli.invites_written": {"vi": "Đã ghi {n} mã mời còn hạn vào {path}.",
                            "en": "Wrote {n} pending invite code(s) to {path}."},
    "cli.invites_none": {
        "vi": "Không có mã mời nào còn hạn (cấp mã mới: nhacviec officer invite OFFICER_ID). Đã ghi bảng trống vào {path}.",
        "en": "No pending invite codes (issue one: nhacviec officer invite OFFICER_ID). Wrote an empty sheet to {path}.",
    },
    "cli.units_done": {"vi": "Đã thêm {n} đơn vị; bỏ qua {skipped} đơn vị đã có.",
                       "en": "Added {n} unit(s); skipped {skipped} already there."},
    "cli.units_dry": {"vi": "Kiểm tra xong, chưa lưu gì: sẽ thêm {n} đơn vị, bỏ qua {skipped} đơn vị đã có.",
                      "en": "Checked, nothing stored: would add {n} unit(s), skip {skipped} already there."},
    "cli.file_missing": {"vi": "Không tìm thấy tệp “{path}”.", "en": "File not found: “{path}”."},
    "cli.file_too_large": {"vi": "Tệp “{path}” quá lớn (tối đa {mb} MB).",
                           "en": "“{path}” is too large (at most {mb} MB)."},
}


def register(sub, groups) -> None:
    officer = groups["officer"]
    p = officer.add_parser("import", help="add officers from a staff list (.xlsx or .csv), each with an invite code")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--org", required=True, metavar="ORG", help="organization slug or id")
    p.add_argument("--dry-run", action="store_true", help="check the list, store nothing")
    p.add_argument("--create-units", action="store_true", help="add units the directory does not have")
    add_json_flag(p)
    p.set_defaults(handler=officer_import)
    p = officer.add_parser("invites", help="write the sheet of pending invite codes to hand out")
    p.add_argument("org", metavar="ORG")
    p.add_argument("--xlsx", required=True, metavar="OUT.xlsx")
    add_json_flag(p)
    p.set_defaults(handler=officer_invites)

    unit = groups["unit"]
    p = unit.add_parser("import", help="add units from a list (.xlsx or .csv): name, other names, office")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--org", required=True, metavar="ORG", help="organization slug or id")
    p.add_argument("--dry-run", action="store_true", help="check the list, store nothing")
    add_json_flag(p)
    p.set_defaults(handler=unit_import)


def _rows(ctx: CommandContext) -> tuple[list, str]:
    from core.roster import RosterFileError, read_rows

    path = Path(ctx.args.file)
    if not path.is_file():
        raise NotFound(t("cli.file_missing", ctx.lang, path=ctx.args.file))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise DomainError(t("cli.file_too_large", ctx.lang, path=ctx.args.file, mb=MAX_FILE_BYTES // 1048576))
    try:
        return read_rows(path.read_bytes(), path.name), path.name
    except RosterFileError as exc:
        raise DomainError(t(exc.key, ctx.lang, **exc.args_)) from None


def _parsed(ctx: CommandContext, parse) -> tuple[list, str]:
    from core.roster import RosterFileError

    rows, name = _rows(ctx)
    try:
        return parse(rows), name
    except RosterFileError as exc:
        raise DomainError(t(exc.key, ctx.lang, **exc.args_)) from None


def _updates(ctx: CommandContext, outcome, dry_run: bool) -> str:
    """The corrections applied to people already there, one line each."""
    if not outcome.updated:
        return ""

    def show(value) -> str:
        if isinstance(value, bool):
            return t("cli.yes" if value else "cli.no", ctx.lang)
        return value or t("cli.roster_empty", ctx.lang)

    lines = [t("cli.roster_would_update" if dry_run else "cli.roster_updated", ctx.lang, n=len(outcome.updated))]
    for officer, unit, changes in outcome.updated:
        parts = [t("cli.roster_change", ctx.lang, field=t(f"cli.roster_field.{k}", ctx.lang), old=show(a), new=show(b))
                 for k, (a, b) in changes.items()]
        lines.append(f"  - #{officer.id} {officer.name} ({unit}): " + "; ".join(parts))
    return "\n".join(lines)


async def officer_import(ctx: CommandContext) -> int:
    from core.roster import parse_roster
    from core.timefmt import format_datetime
    from services import directory
    from services.roster import import_roster

    rows, name = _parsed(ctx, parse_roster)
    async with ctx.session() as session:
        org = await directory.get_org(session, ctx.args.org, ctx.lang)
        outcome = await import_roster(session, org, rows, name, create_units=ctx.args.create_units,
                                      dry_run=ctx.args.dry_run, lang=ctx.lang)
        data = [officer_json(o, u.name) | {"invite": i} for o, u, i in outcome.created]
        slug = org.slug
        updates = _updates(ctx, outcome, ctx.args.dry_run)
    new_units = (t("cli.roster_new_units", ctx.lang, n=len(outcome.new_units), names=", ".join(outcome.new_units))
                 if outcome.new_units else "")
    if ctx.args.dry_run:
        planned = [{"row": r.row, "name": r.name, "unit": unit, "role": r.role.value, "is_focal": bool(r.focal),
                    "position": r.position or None, "phone": r.phone or None, "email": r.email or None}
                   for r, unit in outcome.planned]
        ctx.emit(planned, lambda: "\n".join([
            table(["Dòng", "Họ tên", "Đơn vị", "Vai trò"],
                  [(r.row, r.name, unit, ROLE_LABELS[r.role] + (" · đầu mối" if r.focal else ""))
                   for r, unit in outcome.planned]) if outcome.planned else "",
            t("cli.roster_dry", ctx.lang, n=len(planned), units=new_units, skipped=len(outcome.skipped)),
            updates,
        ]).strip())
        return 0
    username = await telegram_bot_username(ctx) if outcome.created else None
    for item in data:
        invite = item["invite"]
        item["invite"] = {"code": invite.code, "expires_at": invite.expires_at,
                          "telegram_link": f"https://t.me/{username}?start={invite.code}" if username else None}
    if not data:
        ctx.emit(data, "\n".join(filter(None, [t("cli.roster_none", ctx.lang, skipped=len(outcome.skipped)), updates])))
        return 0
    expires = format_datetime(outcome.created[0][2].expires_at, ctx.settings.tz)
    ctx.emit(data, lambda: "\n".join([
        table(["ID", "Họ tên", "Đơn vị", "Vai trò", "Mã mời"],
              [(d["id"], d["name"], d["unit"], ROLE_LABELS[o.role] + (" · đầu mối" if o.is_focal else ""),
                d["invite"]["code"]) for d, (o, _, _) in zip(data, outcome.created, strict=True)]),
        t("cli.roster_done", ctx.lang, n=len(data), units=new_units, skipped=len(outcome.skipped),
          expires=expires),
        *filter(None, [updates]),
        t("cli.roster_hint", ctx.lang, org=slug),
    ]))
    return 0


async def officer_invites(ctx: CommandContext) -> int:
    import sqlalchemy as sa

    from core.timefmt import format_datetime
    from models import Invite, Officer, Unit, utcnow
    from services import directory

    async with ctx.session() as session:
        org = await directory.get_org(session, ctx.args.org, ctx.lang)
        now = utcnow()
        pending = (await session.execute(
            sa.select(Officer, Unit.name, Invite)
            .join(Unit, Unit.id == Officer.unit_id)
            .join(Invite, Invite.officer_id == Officer.id)
            .where(Officer.org_id == org.id, Officer.active.is_(True), Invite.used_at.is_(None),
                   Invite.expires_at > now)
            .order_by(Unit.id, Officer.id, Invite.id)
        )).all()
    username = await telegram_bot_username(ctx)
    latest = {officer.id: (officer, unit, invite) for officer, unit, invite in pending}  # the newest code counts
    data = [officer_json(o, unit) | {"invite": {
        "code": i.code, "expires_at": i.expires_at,
        "telegram_link": f"https://t.me/{username}?start={i.code}" if username else None}}
        for o, unit, i in latest.values()]
    _write_invites(Path(ctx.args.xlsx), data, ctx.settings.tz, format_datetime)
    key = "cli.invites_written" if data else "cli.invites_none"
    ctx.emit(data, t(key, ctx.lang, n=len(data), path=ctx.args.xlsx))
    return 0


def _write_invites(path: Path, data: list[dict], tz, format_datetime) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from models import OfficerRole

    book = Workbook()
    sheet = book.active
    sheet.title = "Mã mời"
    sheet.append(["STT", "Họ và tên", "Đơn vị", "Vai trò", "Mã mời", "Hết hạn", "Liên kết Telegram"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, item in enumerate(data, start=1):
        invite = item["invite"]
        sheet.append([number, item["name"], item["unit"], ROLE_LABELS[OfficerRole(item["role"])], invite["code"],
                      format_datetime(invite["expires_at"], tz), invite["telegram_link"] or ""])
    for column, width in zip("ABCDEFG", (6, 30, 36, 16, 12, 18, 44), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


async def unit_import(ctx: CommandContext) -> int:
    from core.roster import parse_units
    from services import directory
    from services.roster import import_units

    rows, name = _parsed(ctx, parse_units)
    async with ctx.session() as session:
        org = await directory.get_org(session, ctx.args.org, ctx.lang)
        outcome = await import_units(session, org, rows, name, dry_run=ctx.args.dry_run, lang=ctx.lang)
        data = [unit_json(u) for u in outcome.created]
    if ctx.args.dry_run:
        planned = [{"row": r.row, "name": r.name, "aliases": r.aliases, "is_office": r.office}
                   for r in outcome.planned]
        ctx.emit(planned, t("cli.units_dry", ctx.lang, n=len(planned), skipped=len(outcome.skipped)))
        return 0
    ctx.emit(data, t("cli.units_done", ctx.lang, n=len(data), skipped=len(outcome.skipped)))
    return 0
