"""A fast command line: each command loads only its own modules, and a command on an
up-to-date database neither migrates nor loads Alembic (speed itself: benchmarks/bench_cli.py)."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from migrations.runner import is_current, script_heads, upgrade
from models.db import make_engine
from nhacviec.cli import build_parser
from nhacviec.commands import COMMANDS

ROOT = Path(__file__).resolve().parents[2]


def _commands(parser) -> dict[str, set[str]]:
    """Top-level command -> the names of its subcommands (empty for a plain command)."""
    top = next(a for a in parser._actions if a.dest == "command")
    found = {}
    for name, sub in top.choices.items():
        nested = [a for a in sub._actions if getattr(a, "choices", None) and a.dest.endswith("_command")]
        found[name] = set(nested[0].choices) if nested else set()
    return found


def test_the_command_table_names_every_command_and_its_modules():
    everything = _commands(build_parser("vi"))
    assert set(everything) == set(COMMANDS)
    for command in COMMANDS:
        alone = _commands(build_parser("vi", command=command))
        assert command in alone and alone[command] == everything[command], command


PROBE = (
    "import sys; from nhacviec.cli import main; code = main(sys.argv[1:]); "
    "print('loaded:', *sorted(m for m in sys.modules)); sys.exit(code)"
)
HEAVY = ("matplotlib", "importer", "reports", "telegram", "bot", "docx", "openpyxl", "apscheduler")


def _loaded(tmp_path, *argv: str) -> set[str]:
    env = {"NHACVIEC_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/cli.db", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    line = next(line for line in done.stdout.splitlines() if line.startswith("loaded:"))
    return {name.split(".")[0] for name in line.split()[1:]}


def test_org_list_loads_no_reports_importer_channels_or_matplotlib(tmp_path):
    first = _loaded(tmp_path, "org", "list")  # a fresh database: migrated first
    assert "sqlalchemy" in first
    assert not first & set(HEAVY)
    again = _loaded(tmp_path, "org", "list")  # up to date: not even Alembic
    assert not again & {*HEAVY, "alembic"}


def test_plan_list_and_show_load_no_importer(tmp_path):
    """Listing plans is reading the database: neither the importer nor the reports load."""
    _loaded(tmp_path, "org", "create", "Sở Thử", "--slug", "thu")
    with sqlite3.connect(tmp_path / "cli.db") as db:  # a stored plan, without loading the importer here
        db.execute("INSERT INTO plan (org_id, title, index_tags, targets, remind, created_at) "
                   "VALUES (1, 'Kế hoạch thử', '[]', '[\"Mục tiêu một\"]', 1, '2026-03-02 02:00:00.000000')")
    for argv in (("plan", "list", "thu"), ("plan", "show", "1"), ("plan", "show", "1", "--json")):
        assert not _loaded(tmp_path, *argv) & set(HEAVY), argv


def _script(folder: Path, name: str, revision: str, down: str) -> None:
    (folder / name).write_text(f'"""x"""\nrevision: str = {revision}\ndown_revision: str | None = {down}\n')


@pytest.mark.parametrize(
    ("scripts", "heads"),
    [
        ([("a", "'0001'", "None")], {"0001"}),
        ([("a", "'0001'", "None"), ("b", "'0002'", "'0001'")], {"0002"}),
        ([("a", "'0001'", "None"), ("b", "'0002'", "'0001'"), ("c", "'0003'", "'0001'")], {"0002", "0003"}),
        ([("a", "'0001'", "None"), ("b", "'0002'", "'0001'"), ("c", "'0003'", "'0001'"),
          ("d", "'0004'", "('0002', '0003')")], {"0004"}),
        ([("a", "'0001'", "None"), ("b", "make_revision()", "'0001'")], None),  # only Alembic can tell
    ],
)
def test_script_heads(tmp_path, scripts, heads):
    for name, revision, down in scripts:
        _script(tmp_path, f"{name}.py", revision, down)
    assert script_heads(tmp_path) == heads


def test_the_real_scripts_have_one_head():
    assert script_heads() is not None and len(script_heads()) == 1


async def test_is_current(empty_db_url):
    engine = make_engine(empty_db_url)
    try:
        assert not await is_current(engine)  # empty: migrate
        await upgrade(empty_db_url)
        assert await is_current(engine)
        async with engine.begin() as conn:
            await conn.execute(sa.text("UPDATE alembic_version SET version_num = 'zzzz'"))
        assert not await is_current(engine)  # Alembic explains an unknown revision
    finally:
        await engine.dispose()
