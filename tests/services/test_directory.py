"""Organizations, units, officers and invites on a real database."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, StatementError

from core.errors import DomainError, NotFound
from models import Invite, Organization, Platform, Unit
from services import directory
from tests.factories import make_sample_org


async def test_one_office_per_org_in_service_and_database(session):
    sample = await make_sample_org(session)
    with pytest.raises(DomainError):
        await directory.add_unit(session, sample.org, "Văn phòng thứ hai", is_office=True)
    session.add(Unit(org_id=sample.org.id, name="Văn phòng lậu", is_office=True))
    with pytest.raises(IntegrityError):
        await session.flush()


async def test_find_unit_by_alias_without_diacritics(session):
    sample = await make_sample_org(session)
    assert (await directory.find_unit(session, sample.org, "van phong")).id == sample.office.id
    assert (await directory.find_unit(session, sample.org, "THANH TRA")).name == "Thanh tra Sở"
    with pytest.raises(NotFound):
        await directory.find_unit(session, sample.org, "Phòng Không Có")
    with pytest.raises(DomainError):  # "Phòng Quản lý" matches two units
        await directory.find_unit(session, sample.org, "Phòng Quản lý")


async def test_nothing_leaks_between_organizations(session):
    a = await make_sample_org(session, slug="so-a")
    b = await make_sample_org(session, slug="so-b")
    assert {u.org_id for u in await directory.list_units(session, b.org.id)} == {b.org.id}
    with pytest.raises(NotFound):
        await directory.find_unit(session, b.org, str(a.office.id))


async def test_invite_is_used_once_and_expires(session):
    sample = await make_sample_org(session)
    now = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    invite = await directory.create_invite(session, sample.officers["mai"], now=now)
    assert len(invite.code) == 8
    officer = await directory.redeem_invite(
        session, invite.code.lower(), Platform.TELEGRAM, "111", "111", "Mai", now=now
    )
    assert officer.id == sample.officers["mai"].id
    assert officer.preferred_platform == Platform.TELEGRAM
    assert await directory.redeem_invite(session, invite.code, Platform.ZALO, "z1", "z1", now=now) is None
    assert (await directory.officer_by_chat(session, "telegram", "111")).id == officer.id

    old = await directory.create_invite(session, sample.officers["thu"], now=now)
    fresh = await directory.create_invite(session, sample.officers["thu"], now=now)
    assert await directory.redeem_invite(session, old.code, Platform.ZALO, "z2", "z2", now=now) is None
    late = now + timedelta(days=8)
    assert await directory.redeem_invite(session, fresh.code, Platform.ZALO, "z2", "z2", now=late) is None


async def test_naive_datetimes_are_refused(session):
    session.add(Organization(slug="x", name="X", created_at=datetime(2026, 1, 1)))
    with pytest.raises(StatementError, match="naive datetime"):
        await session.flush()


async def test_datetimes_come_back_aware_utc(session):
    sample = await make_sample_org(session)
    moment = datetime(2026, 3, 2, 9, 30, tzinfo=UTC) + timedelta(hours=7)
    invite = await directory.create_invite(session, sample.officers["mai"], now=moment)
    await session.commit()
    session.expunge_all()
    loaded = await session.scalar(sa.select(Invite).where(Invite.id == invite.id))
    assert loaded.created_at.tzinfo is not None
    assert loaded.expires_at == moment + directory.INVITE_TTL
