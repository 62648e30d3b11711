"""Organizations, units, officers and invite codes."""

from __future__ import annotations

import re
import secrets
import unicodedata
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from core.contacts import CONTACT_LIMITS, NAME_LIMITS, clean_contact
from core.errors import DomainError, NotFound
from core.i18n import t
from models import (
    AssignmentOfficer,
    ChatIdentity,
    Invite,
    Officer,
    OfficerRole,
    Organization,
    Platform,
    Unit,
    UnitChat,
    utcnow,
)
from services.audit import audit

INVITE_TTL = timedelta(days=7)
# No 0/O/1/I/L: codes are read aloud and typed on phones.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def fold(text: str) -> str:
    """Lowercase without diacritics (đ -> d): how names are compared."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.lower().split())


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:64] or "org"


def clean_name(name: str, kind: str, lang: str = "vi") -> str:
    """A name with its spaces tidied; refused when empty or longer than its kind allows."""
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(t(f"name.empty.{kind}", lang))
    if len(name) > NAME_LIMITS[kind]:
        raise DomainError(t(f"name.too_long.{kind}", lang, limit=NAME_LIMITS[kind], length=len(name)))
    return name


async def create_org(session: AsyncSession, name: str, slug: str | None = None, lang: str = "vi") -> Organization:
    name = clean_name(name, "org", lang)
    slug = slug or slugify(name)
    if not _SLUG_RE.match(slug):
        raise DomainError(t("org.bad_slug", lang, slug=slug))
    if await session.scalar(sa.select(Organization.id).where(Organization.slug == slug)):
        raise DomainError(t("org.slug_taken", lang, slug=slug))
    org = Organization(name=name, slug=slug, settings={})
    session.add(org)
    await session.flush()
    await audit(session, org.id, "cli", "org.create", "organization", org.id, {"name": name})
    return org


async def get_org(session: AsyncSession, ref: str | int, lang: str = "vi") -> Organization:
    """An organization by slug or id."""
    ref_s = str(ref)
    query = sa.select(Organization).where(Organization.slug == ref_s)
    if ref_s.isdigit():
        query = sa.select(Organization).where(
            sa.or_(Organization.slug == ref_s, Organization.id == int(ref_s))
        )
    org = await session.scalar(query)
    if org is None:
        raise NotFound(t("org.not_found", lang, ref=ref_s))
    return org


async def list_orgs(session: AsyncSession) -> list[Organization]:
    return list((await session.scalars(sa.select(Organization).order_by(Organization.id))).all())


async def list_units(session: AsyncSession, org_id: int) -> list[Unit]:
    return list(
        (await session.scalars(sa.select(Unit).where(Unit.org_id == org_id).order_by(Unit.id))).all()
    )


async def office_unit(session: AsyncSession, org_id: int) -> Unit | None:
    return await session.scalar(sa.select(Unit).where(Unit.org_id == org_id, Unit.is_office.is_(True)))


async def add_unit(
    session: AsyncSession,
    org: Organization,
    name: str,
    aliases: list[str] | None = None,
    is_office: bool = False,
    actor: str = "cli",
    lang: str = "vi",
) -> Unit:
    name = clean_name(name, "unit", lang)
    existing = await list_units(session, org.id)
    if any(fold(u.name) == fold(name) for u in existing):
        raise DomainError(t("unit.exists", lang, name=name))
    if is_office:
        office = next((u for u in existing if u.is_office), None)
        if office is not None:
            raise DomainError(t("unit.office_exists", lang, org=org.name, name=office.name))
    clean_aliases = []
    for alias in aliases or []:
        alias = " ".join(alias.split())
        if alias and alias not in clean_aliases and fold(alias) != fold(name):
            clean_aliases.append(alias)
    unit = Unit(org_id=org.id, name=name, aliases=clean_aliases, is_office=is_office)
    session.add(unit)
    await session.flush()
    await audit(session, org.id, actor, "unit.add", "unit", unit.id, {"name": name})
    return unit


async def find_unit(session: AsyncSession, org: Organization, ref: str, lang: str = "vi") -> Unit:
    """A unit by id, exact name or alias (diacritics and case ignored), or a unique partial match."""
    units = await list_units(session, org.id)
    ref = ref.strip()
    if ref.isdigit():
        for unit in units:
            if unit.id == int(ref):
                return unit
    key = fold(ref)
    exact = [u for u in units if key in {fold(u.name), *(fold(a) for a in u.aliases)}]
    if len(exact) == 1:
        return exact[0]
    partial = exact or [
        u for u in units if key and any(key in fold(n) for n in (u.name, *u.aliases))
    ]
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        names = ", ".join(u.name for u in partial)
        raise DomainError(t("unit.ambiguous", lang, ref=ref, names=names))
    raise NotFound(t("unit.not_found", lang, ref=ref, org=org.name))


async def add_officer(
    session: AsyncSession,
    org: Organization,
    unit: Unit,
    name: str,
    role: OfficerRole = OfficerRole.OFFICER,
    is_focal: bool = False,
    actor: str = "cli",
    lang: str = "vi",
    *,
    position: str | None = None,
    phone: str | None = None,
    email: str | None = None,
) -> Officer:
    contact = {}
    for kind, value in (("position", position), ("phone", phone), ("email", email)):
        value, problem = clean_contact(kind, value or "")
        if problem:
            text = t(problem, lang, value=value, limit=CONTACT_LIMITS[kind])
            raise DomainError(text[:1].upper() + text[1:])
        contact[kind] = value or None
    officer = Officer(
        org_id=org.id, unit_id=unit.id, name=clean_name(name, "officer", lang), role=role, is_focal=is_focal,
        **contact,
    )
    session.add(officer)
    await session.flush()
    await audit(session, org.id, actor, "officer.add", "officer", officer.id, {"name": officer.name})
    return officer


MAX_ID = 2**31 - 1  # ids are 32-bit integers: a larger number names nothing (and overflows SQLite)


async def get_officer(session: AsyncSession, officer_id: int, lang: str = "vi") -> Officer:
    if not 0 < officer_id <= MAX_ID:
        raise NotFound(t("officer.not_found", lang, ref=officer_id))
    officer = await session.get(Officer, officer_id)
    if officer is None:
        raise NotFound(t("officer.not_found", lang, ref=officer_id))
    return officer


async def list_officers(session: AsyncSession, org_id: int) -> list[Officer]:
    return list(
        (
            await session.scalars(
                sa.select(Officer).where(Officer.org_id == org_id).order_by(Officer.unit_id, Officer.id)
            )
        ).all()
    )


async def create_invite(
    session: AsyncSession, officer: Officer, now: datetime | None = None, ttl: timedelta = INVITE_TTL
) -> Invite:
    """A fresh one-time code; older unused codes of the officer stop working."""
    now = now or utcnow()
    await session.execute(
        sa.update(Invite)
        .where(Invite.officer_id == officer.id, Invite.used_at.is_(None), Invite.expires_at > now)
        .values(expires_at=now)
    )
    while True:
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
        if not await session.scalar(sa.select(Invite.id).where(Invite.code == code)):
            break
    invite = Invite(officer_id=officer.id, code=code, expires_at=now + ttl)
    session.add(invite)
    await session.flush()
    return invite


def normalize_code(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


async def redeem_invite(
    session: AsyncSession,
    code: str,
    platform: Platform,
    user_id: str,
    chat_id: str,
    display_name: str | None = None,
    now: datetime | None = None,
    replaced: list[tuple[str, str]] | None = None,
) -> Officer | None:
    """Link a chat account to the invite's officer. None when the code is not valid now.

    The officer's other account on the same channel is removed; its (platform, chat id)
    is appended to `replaced`, so the caller can tell it.

    The code is consumed by a conditional UPDATE, so two racing redemptions
    cannot both win.
    """
    now = now or utcnow()
    code = normalize_code(code)
    invite = await session.scalar(sa.select(Invite).where(Invite.code == code))
    if invite is None or invite.used_at is not None or invite.expires_at <= now:
        return None
    if not await session.scalar(sa.select(Officer.active).where(Officer.id == invite.officer_id)):
        return None  # the officer was deactivated after the code was issued
    won = await session.execute(
        sa.update(Invite)
        .where(Invite.id == invite.id, Invite.used_at.is_(None))
        .values(used_at=now, used_by=f"{platform}:{user_id}")
    )
    if won.rowcount != 1:
        return None
    identity = await session.scalar(
        sa.select(ChatIdentity).where(ChatIdentity.platform == platform, ChatIdentity.user_id == user_id)
    )
    if identity is None:
        identity = ChatIdentity(platform=platform, user_id=user_id, chat_id=chat_id)
        session.add(identity)
    identity.officer_id = invite.officer_id
    identity.chat_id = chat_id
    identity.display_name = display_name
    identity.linked_at = now
    identity.unreachable_since = None
    officer = await session.get(Officer, invite.officer_id)
    assert officer is not None
    if officer.preferred_platform is None:
        officer.preferred_platform = platform
    await session.flush()
    # A fresh code replaces the officer's old account on this channel (a lost phone, a new
    # number): the old one hears nothing more and may do nothing more.
    old = await _identities(session, officer.id, platform, keep=identity.id)
    for row in old:
        await session.delete(row)
    if replaced is not None:
        replaced.extend((str(row.platform), row.chat_id) for row in old)
    await session.flush()
    await audit(session, officer.org_id, f"{platform}:{user_id}", "officer.link", "officer", officer.id,
                {"replaced": len(old)} if old else {})
    return officer


async def _identities(session: AsyncSession, officer_id: int, platform: Platform | str | None = None,
                      keep: int | None = None) -> list[ChatIdentity]:
    query = sa.select(ChatIdentity).where(ChatIdentity.officer_id == officer_id)
    if platform is not None:
        query = query.where(ChatIdentity.platform == Platform(platform))
    if keep is not None:
        query = query.where(ChatIdentity.id != keep)
    return list((await session.scalars(query.order_by(ChatIdentity.id))).all())


async def unlink_officer(session: AsyncSession, officer: Officer, platform: Platform | str | None = None,
                         actor: str = "cli") -> list[tuple[str, str]]:
    """Cut an officer's chat accounts (all, or on one channel); returns (platform, chat id) of each.

    From then on those accounts are strangers to the bot: no reminders, no actions. The
    officer links again with a fresh invite.
    """
    rows = await _identities(session, officer.id, platform)
    for row in rows:
        await session.delete(row)
    await session.flush()
    await audit(session, officer.org_id, actor, "officer.unlink", "officer", officer.id,
                {"platform": str(platform) if platform else None, "accounts": len(rows)})
    return [(str(row.platform), row.chat_id) for row in rows]


async def deactivate_officer(session: AsyncSession, officer: Officer, actor: str = "cli",
                             now: datetime | None = None) -> list[tuple[str, str]]:
    """Someone who left: no reminders, no actions, no codes; their history stays.

    Their chat accounts are cut (returned as in unlink_officer) and their unused codes expire.
    """
    now = now or utcnow()
    officer.active = False
    await session.execute(
        sa.update(Invite)
        .where(Invite.officer_id == officer.id, Invite.used_at.is_(None), Invite.expires_at > now)
        .values(expires_at=now)
    )
    cut = await unlink_officer(session, officer, None, actor=actor)
    await audit(session, officer.org_id, actor, "officer.deactivate", "officer", officer.id, {})
    return cut


async def officer_by_chat(session: AsyncSession, platform: str, user_id: str) -> Officer | None:
    return await session.scalar(
        sa.select(Officer)
        .join(ChatIdentity, ChatIdentity.officer_id == Officer.id)
        .where(
            ChatIdentity.platform == platform,
            ChatIdentity.user_id == user_id,
            Officer.active.is_(True),
        )
    )


async def name_officers(
    session: AsyncSession, assignment_id: int, officer_ids: list[int], *, actor: str, org_id: int
) -> None:
    """The officers who follow one unit's assignment (replacing those named before); the caller
    has checked they belong to that unit."""
    await session.execute(sa.delete(AssignmentOfficer).where(AssignmentOfficer.assignment_id == assignment_id))
    for officer_id in officer_ids:
        session.add(AssignmentOfficer(assignment_id=assignment_id, officer_id=officer_id))
    await session.flush()
    await audit(session, org_id, actor, "assignment.officers", "assignment", assignment_id,
                {"officers": officer_ids})


async def link_group(
    session: AsyncSession, platform: Platform, chat_id: str, unit: Unit, *, officer: Officer, title: str | None,
    now: datetime,
) -> Unit | None:
    """A group chat receives `unit`'s reminders; returns the unit it was moved from, if any.
    The caller has checked the officer may link or move it."""
    row = await session.scalar(sa.select(UnitChat).where(UnitChat.platform == platform, UnitChat.chat_id == chat_id))
    old_unit = await session.get(Unit, row.unit_id) if row is not None else None
    if row is None:
        row = UnitChat(platform=platform, chat_id=chat_id)
        session.add(row)
    row.unit_id = unit.id
    row.title = title or row.title
    row.linked_by_officer_id = officer.id
    row.linked_at = now
    await session.flush()
    moved = old_unit if old_unit is not None and old_unit.id != unit.id else None
    await audit(session, officer.org_id, f"officer:{officer.id}", "unit.link_chat", "unit", unit.id,
                {"platform": str(platform), **({"from_unit": moved.id} if moved else {})})
    return moved
