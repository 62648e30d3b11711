"""Run Alembic from code: `nhacviec db upgrade`, `nhacviec run` and the tests use this."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent


def alembic_config(database_url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return cfg


class MigrationError(Exception):
    """The database cannot be migrated; `kind` says why, for a one-line message.

    kinds: "unknown_revision" (stamped by a newer or another program: `detail` is the
    revision), "not_a_database" (the file or server is not a usable database: `detail`
    is the driver's first line).
    """

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


def _upgrade_sync(database_url: str, revision: str) -> None:
    from alembic.util.exc import CommandError
    from sqlalchemy.exc import DBAPIError

    try:
        command.upgrade(alembic_config(database_url), revision)
    except CommandError as exc:
        found = re.search(r"revision identified by '([^']*)'", str(exc))
        if found is None:
            raise
        raise MigrationError("unknown_revision", found.group(1)) from None
    except DBAPIError as exc:
        first = str(exc.orig or exc).strip().splitlines()
        raise MigrationError("not_a_database", first[0] if first else type(exc).__name__) from None


def _downgrade_sync(database_url: str, revision: str) -> None:
    command.downgrade(alembic_config(database_url), revision)


async def upgrade(database_url: str, revision: str = "heads") -> None:
    # env.py runs its own event loop via asyncio.run, so keep it off ours.
    await asyncio.to_thread(_upgrade_sync, database_url, revision)


async def downgrade(database_url: str, revision: str = "base") -> None:
    await asyncio.to_thread(_downgrade_sync, database_url, revision)


async def current_heads(database_url: str) -> list[str]:
    """The revisions the database is at (one per migration branch)."""
    from alembic.runtime.migration import MigrationContext

    from models.db import make_engine

    engine = make_engine(database_url)
    try:
        async with engine.connect() as conn:
            heads = await conn.run_sync(lambda c: MigrationContext.configure(c).get_current_heads())
    finally:
        await engine.dispose()
    return sorted(heads)
