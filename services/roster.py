"""A department on board at once: officers (and units) from a staff list.

All or nothing: every row is checked against the directory first; one bad row refuses
the whole file with one message naming each bad row by its number as Excel shows it.
A person already in their unit (same name, accents and case ignored) is not added again,
so importing the same file again adds only the new people; but the sheet's corrections to
their contact details apply: Chức vụ, Điện thoại, Email and Đầu mối, for each column the
sheet has (an empty cell clears the field; a missing column leaves it alone). Vai trò is
not changed by a re-import: who acts for Văn phòng is decided one person at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError, NotFound
from core.i18n import t
from core.roster import RosterRow, UnitRow, fold
from models import Invite, Officer, Organization, Unit
from services import directory
from services.audit import audit

MAX_SHOWN = 30  # bad rows named one by one; the rest counted

TEXTS: dict[str, dict[str, str]] = {
    "roster.rejected": {
        "vi": "Không nhập danh sách “{file}”: {n} dòng có lỗi, chưa thêm gì. Sửa các dòng sau rồi nhập lại:",
        "en": "The list “{file}” was not imported: {n} row(s) have problems, nothing was added. "
              "Fix these rows and import again:",
    },
    "roster.row": {"vi": "  - Dòng {row}: {problem}", "en": "  - Row {row}: {problem}"},
    "roster.more": {"vi": "  … và {n} dòng khác.", "en": "  … and {n} more rows."},
    "roster.bad.no_name": {"vi": "thiếu họ và tên.", "en": "the name is empty."},
    "roster.bad.long_name": {"vi": "họ và tên dài quá {limit} ký tự.",
                             "en": "the name is longer than {limit} characters."},
    "roster.bad.no_unit": {"vi": "thiếu đơn vị.", "en": "the unit is empty."},
    "roster.bad.no_unit_name": {"vi": "thiếu tên đơn vị.", "en": "the unit's name is empty."},
    "roster.bad.role": {
        "vi": "vai trò “{value}” không hợp lệ (cán bộ, trưởng đơn vị, văn phòng hoặc lãnh đạo).",
        "en": "unknown role “{value}” (officer, head, office or leader).",
    },
    "roster.bad.focal": {"vi": "cột Đầu mối ghi “{value}” (cần có hoặc không).",
                         "en": "focal point says “{value}” (yes or no expected)."},
    "roster.bad.office": {"vi": "cột Văn phòng ghi “{value}” (cần có hoặc không).",
                          "en": "office says “{value}” (yes or no expected)."},
    "roster.bad.duplicate": {"vi": "trùng với dòng {other}.", "en": "the same as row {other}."},
    "roster.bad.unit": {
        "vi": "không có đơn vị “{value}” trong cơ quan (thêm đơn vị trước, hoặc dùng --create-units).",
        "en": "no unit “{value}” in the organization (add it first, or use --create-units).",
    },
    "roster.bad.unit_ambiguous": {"vi": "“{value}” khớp nhiều đơn vị: {names}.",
                                  "en": "“{value}” matches several units: {names}."},
    "roster.bad.second_office": {
        "vi": "cơ quan đã có Văn phòng “{name}” (mỗi cơ quan chỉ có một).",
        "en": "the organization already has an office, “{name}” (only one is allowed).",
    },
    "roster.bad_format": {"vi": "Tệp “{name}” không phải .xlsx hoặc .csv.",
                          "en": "“{name}” is not an .xlsx or .csv file."},
    "roster.unreadable": {"vi": "Không đọc được tệp (không phải bảng tính .xlsx hoặc .csv hợp lệ).",
                          "en": "Cannot read the file (not a valid .xlsx or .csv sheet)."},
    "roster.no_header": {
        "vi": "Không thấy dòng tiêu đề có cột “Họ và tên” và “Đơn vị” trong 10 dòng đầu.",
        "en": "No header row with “Họ và tên” (name) and “Đơn vị” (unit) in the first 10 rows.",
    },
    "roster.no_unit_header": {
        "vi": "Không thấy dòng tiêu đề có cột “Tên đơn vị” (hoặc “Đơn vị”) trong 10 dòng đầu.",
        "en": "No header row with “Tên đơn vị” (or “Đơn vị”) in the first 10 rows.",
    },
}


@dataclass
class RosterOutcome:
    created: list[tuple[Officer, Unit, Invite | None]] = field(default_factory=list)
    skipped: list[RosterRow] = field(default_factory=list)  # already in their unit
    # already there, with the sheet's corrections: (officer, unit name, {field: (old, new)});
    # in a dry run the changes are listed but not applied
    updated: list[tuple[Officer, str, dict[str, tuple]]] = field(default_factory=list)
    new_units: list[str] = field(default_factory=list)
    # dry run: what would be created (no officer, no invite)
    planned: list[tuple[RosterRow, str]] = field(default_factory=list)


def rejection(file: str, problems: list[tuple[int, str]], lang: str) -> DomainError:
    lines = [t("roster.rejected", lang, file=file, n=len(problems))]
    lines += [t("roster.row", lang, row=row, problem=text) for row, text in problems[:MAX_SHOWN]]
    if len(problems) > MAX_SHOWN:
        lines.append(t("roster.more", lang, n=len(problems) - MAX_SHOWN))
    return DomainError("\n".join(lines))


def _problem(row: RosterRow | UnitRow, lang: str) -> str:
    return t(row.problem or "", lang, **row.problem_args)


CONTACT_FIELDS = {"position": "position", "phone": "phone", "email": "email", "focal": "is_focal"}


def contact_changes(officer: Officer, row: RosterRow) -> dict[str, tuple]:
    """{field: (stored, from the sheet)} for each contact column of the sheet that differs. Pure."""
    changes = {}
    for field_name, attr in CONTACT_FIELDS.items():
        new = getattr(row, field_name)
        if new is None:  # the sheet has no such column
            continue
        if field_name != "focal":
            new = new or None
        old = getattr(officer, attr)
        if old != new:
            changes[field_name] = (old, new)
    return changes


async def import_roster(
    session: AsyncSession,
    org: Organization,
    rows: list[RosterRow],
    file: str,
    *,
    create_units: bool = False,
    dry_run: bool = False,
    actor: str = "cli",
    lang: str = "vi",
) -> RosterOutcome:
    """Create every new officer of `rows` with a one-time invite code, or raise naming each bad row."""
    problems = [(r.row, _problem(r, lang)) for r in rows if r.problem]
    units_by_ref: dict[str, Unit | str] = {}  # folded ref -> unit, or the name of a unit to create
    for row in rows:
        if row.problem or fold(row.unit) in units_by_ref:
            continue
        try:
            units_by_ref[fold(row.unit)] = await directory.find_unit(session, org, row.unit, lang)
        except NotFound:
            if not create_units:
                problems.append((row.row, t("roster.bad.unit", lang, value=row.unit)))
                continue
            units_by_ref[fold(row.unit)] = row.unit
        except DomainError:  # ambiguous
            names = ", ".join(u.name for u in await directory.list_units(session, org.id)
                              if fold(row.unit) in fold(u.name) or any(fold(row.unit) in fold(a) for a in u.aliases))
            problems.append((row.row, t("roster.bad.unit_ambiguous", lang, value=row.unit, names=names)))
    if problems:
        raise rejection(file, sorted(problems), lang)

    existing = {(fold(o.name), o.unit_id): o for o in await directory.list_officers(session, org.id)}
    outcome = RosterOutcome()
    new_rows = []
    for row in rows:
        unit = units_by_ref[fold(row.unit)]
        officer = existing.get((fold(row.name), unit.id)) if isinstance(unit, Unit) else None
        if officer is None:
            new_rows.append((row, unit))
            continue
        outcome.skipped.append(row)
        changes = contact_changes(officer, row)
        if changes:
            outcome.updated.append((officer, unit.name, changes))
    outcome.new_units = list(dict.fromkeys(u for u in units_by_ref.values() if isinstance(u, str)))
    if dry_run:
        outcome.planned = [(row, unit if isinstance(unit, str) else unit.name) for row, unit in new_rows]
        return outcome
    for officer, _, changes in outcome.updated:
        for field_name, (_, new) in changes.items():
            setattr(officer, CONTACT_FIELDS[field_name], new)

    created_units: dict[str, Unit] = {}
    for name in outcome.new_units:
        created_units[fold(name)] = await directory.add_unit(session, org, name, actor=actor, lang=lang)
    for row, unit in new_rows:
        if isinstance(unit, str):
            unit = created_units[fold(unit)]
        officer = await directory.add_officer(session, org, unit, row.name, row.role, bool(row.focal),
                                              position=row.position, phone=row.phone, email=row.email,
                                              actor=actor, lang=lang)
        invite = await directory.create_invite(session, officer)
        outcome.created.append((officer, unit, invite))
    await session.flush()
    await audit(session, org.id, actor, "officer.import", "organization", org.id,
                {"file": file, "created": len(outcome.created), "skipped": len(outcome.skipped),
                 "new_units": outcome.new_units,
                 "updated": [{"officer_id": o.id, "changes": {k: list(v) for k, v in changes.items()}}
                             for o, _, changes in outcome.updated]})
    return outcome


@dataclass
class UnitOutcome:
    created: list[Unit] = field(default_factory=list)
    skipped: list[UnitRow] = field(default_factory=list)
    planned: list[UnitRow] = field(default_factory=list)


async def import_units(
    session: AsyncSession,
    org: Organization,
    rows: list[UnitRow],
    file: str,
    *,
    dry_run: bool = False,
    actor: str = "cli",
    lang: str = "vi",
) -> UnitOutcome:
    """Add every unit of `rows` not already in the organization, or raise naming each bad row."""
    problems = [(r.row, _problem(r, lang)) for r in rows if r.problem]
    units = await directory.list_units(session, org.id)
    known = {fold(u.name) for u in units}
    office = next((u for u in units if u.is_office), None)
    offices = [r for r in rows if not r.problem and r.office and fold(r.name) not in known]
    for row in offices[1:] if office is None else offices:
        name = office.name if office is not None else offices[0].name
        problems.append((row.row, t("roster.bad.second_office", lang, name=name)))
    if problems:
        raise rejection(file, sorted(problems), lang)
    outcome = UnitOutcome()
    for row in rows:
        if fold(row.name) in known:
            outcome.skipped.append(row)
        elif dry_run:
            outcome.planned.append(row)
        else:
            outcome.created.append(
                await directory.add_unit(session, org, row.name, row.aliases, row.office, actor=actor, lang=lang))
    return outcome
