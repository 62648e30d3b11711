"""Simulated time for the demo's database.

The models stamp new rows with the wall clock (`default=utcnow`). In a demo
that plays March while the machine says November, an assignment "created" in
November would get no March reminders and every note would carry the wrong
date. So the demo's sessions stamp new rows with the simulated clock instead.
Only the demo's own session class listens; nothing else changes.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from core.clock import Clock

STAMPED = ("created_at", "linked_at", "at", "claimed_at", "updated_at")


def simulated_sessionmaker(engine: AsyncEngine, clock: Clock) -> async_sessionmaker[AsyncSession]:
    class SimulatedSession(Session):
        pass

    @event.listens_for(SimulatedSession, "before_flush")
    def _stamp_new_rows(session, _context, _instances):
        now = clock.now()
        for obj in session.new:
            for name in STAMPED:
                if hasattr(type(obj), name) and getattr(obj, name, None) is None:
                    setattr(obj, name, now)

    @event.listens_for(SimulatedSession, "do_orm_execute")
    def _stamp_bulk_inserts(state):
        # `session.execute(insert(Model), [rows])` skips before_flush: stamp those rows too.
        if not state.is_insert or not state.parameters:
            return
        columns = state.statement.table.c
        rows = state.parameters if isinstance(state.parameters, list) else [state.parameters]
        now = clock.now()
        for row in rows:
            if isinstance(row, dict):
                for name in STAMPED:
                    if name in columns and row.get(name) is None:
                        row[name] = now

    return async_sessionmaker(engine, expire_on_commit=False, sync_session_class=SimulatedSession)
