"""Run Alembic from code: `nhacviec db upgrade`, `nhacviec run` and the tests use this."""

from __future__ import annotations

import ast
import asyncio
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.ext.asyncio import AsyncEngine

# Alembic is imported only when a migration runs: a command on an up-to-date database
# (`nhacviec org list`) checks the revision with one query and never loads it.
MIGRATIONS_DIR = Path(__file__).resolve().parent


def alembic_config(database_url: str) -> Config:
    from alembic.config import Config

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
    from alembic import command
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
    from alembic import command

    command.downgrade(alembic_config(database_url), revision)


async def upgrade(database_url: str, revision: str = "heads") -> None:
    # env.py runs its own event loop via asyncio.run, so keep it off ours.
    await asyncio.to_thread(_upgrade_sync, database_url, revision)


_ASSIGNMENT = re.compile(r"^(revision|down_revision)\b[^=\n]*=\s*(.+)$", re.M)


def script_heads(versions_dir: Path | None = None) -> set[str] | None:
    """The head revisions of the migration scripts, read without Alembic; None when a script
    does not show its revision plainly (then only Alembic can tell)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted((versions_dir or MIGRATIONS_DIR / "versions").glob("*.py")):
        found = dict(_ASSIGNMENT.findall(path.read_text(encoding="utf-8")))
        try:
            revision = ast.literal_eval(found["revision"].strip())
            down = ast.literal_eval(found["down_revision"].strip())
        except (KeyError, ValueError, SyntaxError):
            return None
        if not isinstance(revision, str):
            return None
        revisions.add(revision)
        parents.update([down] if isinstance(down, str) else (down or ()))
    return (revisions - parents) or None


async def is_current(engine: AsyncEngine) -> bool:
    """True when the database is stamped with exactly the scripts' heads (nothing to migrate).
    Any doubt (no version table, an unreadable script, a broken database) is False."""
    import sqlalchemy as sa

    heads = script_heads()
    if heads is None:
        return False
    try:
        async with engine.connect() as conn:
            stamped = set((await conn.execute(sa.text("SELECT version_num FROM alembic_version"))).scalars())
    except Exception:  # no table yet, not a database...: Alembic decides and explains
        return False
    return stamped == heads


async def ensure_current(database_url: str, engine: AsyncEngine) -> None:
    """Migrate unless the database is already at the heads (one query, no Alembic)."""
    if not await is_current(engine):
        await upgrade(database_url)


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
