"""Who gets an assignment's reminder: named > focal > everyone registered; head on escalation."""

from datetime import date

from models import AssignmentOfficer, OfficerRole
from scheduler.recipients import office_staff_ids, recipients_of
from tests.factories import add_task, make_sample_org
from tests.scheduler.fakes import link_group, register


async def setup(session):
    sample = await make_sample_org(session)
    task = await add_task(session, sample, "Báo cáo", ["science"], deadline=date(2026, 3, 12))
    return sample, task.assignments[0]


async def test_everyone_registered_when_nobody_is_named_or_focal(session):
    sample, assignment = await setup(session)
    await register(session, sample.officers["thu"])
    await register(session, sample.officers["son"])
    got = await recipients_of(session, assignment)
    assert got.tier == "unit"
    assert got.officer_ids == [sample.officers["son"].id, sample.officers["thu"].id]


async def test_focal_officer_before_the_whole_unit(session):
    sample, assignment = await setup(session)
    await register(session, sample.officers["thu"])
    await register(session, sample.officers["son"])
    sample.officers["thu"].is_focal = True
    got = await recipients_of(session, assignment)
    assert (got.tier, got.officer_ids) == ("focal", [sample.officers["thu"].id])


async def test_named_officers_first_but_only_if_reachable(session):
    sample, assignment = await setup(session)
    await register(session, sample.officers["thu"])
    session.add(AssignmentOfficer(assignment_id=assignment.id, officer_id=sample.officers["son"].id))
    await session.flush()
    got = await recipients_of(session, assignment)
    assert got.tier == "unit", "the named head never registered: fall back"
    await register(session, sample.officers["son"])
    got = await recipients_of(session, assignment)
    assert (got.tier, got.officer_ids) == ("named", [sample.officers["son"].id])


async def test_head_joins_on_escalation_and_groups_always(session):
    sample, assignment = await setup(session)
    await register(session, sample.officers["thu"])
    await register(session, sample.officers["son"])
    sample.officers["thu"].is_focal = True
    await link_group(session, sample.units["science"].id, "-100777")
    got = await recipients_of(session, assignment, include_head=True)
    assert got.officer_ids == [sample.officers["thu"].id, sample.officers["son"].id]
    assert got.head_ids == [sample.officers["son"].id]
    assert got.groups == [("telegram", "-100777")]


async def test_nobody_registered_is_empty(session):
    _sample, assignment = await setup(session)
    got = await recipients_of(session, assignment, include_head=True)
    assert got.empty and got.tier == "none"


async def test_office_staff(session):
    sample, _ = await setup(session)
    assert await office_staff_ids(session, sample.org.id) == [sample.officers["lan"].id]
    assert sample.officers["director"].role == OfficerRole.LEADER
