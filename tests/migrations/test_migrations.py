"""Migrations go up and down on both databases, and the models match them (no drift)."""

import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from migrations.runner import downgrade, upgrade
from models import Base
from models.db import make_engine


async def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    async with engine.connect() as conn:
        names = await conn.run_sync(lambda c: set(sa.inspect(c).get_table_names()))
    await engine.dispose()
    return names - {"alembic_version"}


async def test_upgrade_then_downgrade(empty_db_url):
    await upgrade(empty_db_url)
    assert await _tables(empty_db_url) == set(Base.metadata.tables)
    await downgrade(empty_db_url, "base")
    assert await _tables(empty_db_url) == set()
    await upgrade(empty_db_url)  # and up again
    assert await _tables(empty_db_url) == set(Base.metadata.tables)


async def test_models_match_migrations(empty_db_url):
    await upgrade(empty_db_url)
    engine = make_engine(empty_db_url)

    def diff(conn):
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(ctx, Base.metadata)

    async with engine.connect() as conn:
        changes = await conn.run_sync(diff)
    await engine.dispose()
    assert changes == []


def test_one_linear_history():
    """Each file NNNN_*.py is revision NNNN on top of NNNN-1: two branches landing a migration
    each with the same number would otherwise both apply ("heads") and go unnoticed."""
    from alembic.script import ScriptDirectory

    from migrations.runner import alembic_config

    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(scripts.get_heads()) == 1
    for script in scripts.walk_revisions():
        number = int(script.revision)
        assert script.path.rsplit("/", 1)[-1].startswith(f"{number:04d}_")
        expected_down = None if number == 1 else f"{number - 1:04d}"
        assert script.down_revision == expected_down


def _alembic(*args: str, cwd) -> subprocess.CompletedProcess[str]:
    ini = Path(__file__).resolve().parents[2] / "alembic.ini"
    return subprocess.run([sys.executable, "-m", "alembic", "-c", str(ini), *args],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def test_alembic_command_takes_the_url_it_is_given(tmp_path):
    """A developer's `alembic` reads no app settings: `-x url=` says where, and without it the
    command stops with the two ways to name the database instead of guessing one."""
    refused = _alembic("upgrade", "head", cwd=tmp_path)
    assert refused.returncode != 0
    assert "nhacviec db upgrade" in refused.stderr and "-x url=" in refused.stderr
    db = tmp_path / "dev.db"
    done = _alembic("-x", f"url=sqlite+aiosqlite:///{db}", "upgrade", "head", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        assert set(sa.inspect(conn).get_table_names()) - {"alembic_version"} == set(Base.metadata.tables)
    engine.dispose()
