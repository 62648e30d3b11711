"""Test fixtures: a fresh real database per test, on SQLite and (when configured) PostgreSQL.

Set NHACVIEC_TEST_POSTGRES_URL (postgresql+asyncpg://user:pass@host/postgres) to run
every database test on PostgreSQL too. Each test gets its own database, cloned
from a template built once per run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.clock import FakeClock
from models import Base
from models.db import make_engine, make_sessionmaker
from nhacviec.catalogs import declare_catalogs

declare_catalogs()  # as the CLI does at start: where each text catalog is

PG_URL = os.environ.get("NHACVIEC_TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def pytest_configure(config):
    config.addinivalue_line("markers", "postgres_only: needs PostgreSQL")


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


async def _pg_admin_exec(sql: str) -> None:
    import asyncpg

    url = make_url(PG_URL).set(drivername="postgresql")
    conn = await asyncpg.connect(url.render_as_string(hide_password=False))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


_pg_template_ready = False
PG_TEMPLATE = f"nhacviec_tpl_{os.getpid()}"


async def _pg_template() -> str:
    """A template database with the schema, built once per test run."""
    global _pg_template_ready
    if not _pg_template_ready:
        await _pg_admin_exec(f'DROP DATABASE IF EXISTS "{PG_TEMPLATE}"')
        await _pg_admin_exec(f'CREATE DATABASE "{PG_TEMPLATE}"')
        engine = make_engine(_pg_url(PG_TEMPLATE))
        async with engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)
        await engine.dispose()
        _pg_template_ready = True
    return PG_TEMPLATE


def _pg_url(database: str) -> str:
    return make_url(PG_URL).set(database=database).render_as_string(hide_password=False)


@pytest.fixture
async def empty_db_url(backend, tmp_path) -> AsyncIterator[str]:
    """A URL of a fresh, empty database (for migration tests)."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
        return
    name = f"nhacviec_t_{uuid.uuid4().hex[:12]}"
    await _pg_admin_exec(f'CREATE DATABASE "{name}"')
    try:
        yield _pg_url(name)
    finally:
        await _pg_admin_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
async def db_url(backend, tmp_path) -> AsyncIterator[str]:
    """A URL of a fresh database that already has the schema."""
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
        engine = make_engine(url)
        async with engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)
        await engine.dispose()
        yield url
        return
    template = await _pg_template()
    name = f"nhacviec_t_{uuid.uuid4().hex[:12]}"
    await _pg_admin_exec(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield _pg_url(name)
    finally:
        await _pg_admin_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
async def engine(db_url) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(db_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessionmaker(engine) -> async_sessionmaker[AsyncSession]:
    return make_sessionmaker(engine)


@pytest.fixture
async def session(sessionmaker) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session:
        yield session


@pytest.fixture
def clock() -> FakeClock:
    # Monday 2 March 2026, 09:00 in Hà Nội.
    return FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=TZ).astimezone(UTC))


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS_DIR.is_dir():
        pytest.skip("../shared/seeds is not beside the checkout")
    return SEEDS_DIR


@pytest.fixture
def cli(monkeypatch, tmp_path, empty_db_url, capsys):
    """Run `nhacviec ARGS...` in-process on a fresh database; returns (exit code, stdout, stderr)."""
    from nhacviec.cli import main

    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", empty_db_url)
    for name in ("NHACVIEC_TELEGRAM_TOKEN", "NHACVIEC_ZALO_TOKEN", "NHACVIEC_LANGUAGE"):
        monkeypatch.delenv(name, raising=False)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run
