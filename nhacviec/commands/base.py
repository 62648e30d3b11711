"""What every command shares: settings, a database session, output as text or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from nhacviec.config import Settings, load_settings


class CommandContext:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings()
        return self._settings

    @property
    def lang(self) -> str:
        return self.settings.language

    @property
    def json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    @asynccontextmanager
    async def session(self, migrate: bool = True) -> AsyncIterator[AsyncSession]:
        """A session in one transaction: everything commits, or nothing does."""
        from migrations.runner import ensure_current
        from models.db import make_engine, make_sessionmaker

        engine = make_engine(self.settings.database_url)
        try:
            if migrate:
                await ensure_current(self.settings.database_url, engine)
            factory = make_sessionmaker(engine)
            async with factory() as session, session.begin():
                yield session
        finally:
            await engine.dispose()

    def emit(self, data: Any, human: Callable[[], str] | str) -> None:
        """Print `data` as JSON with --json, else the human text."""
        if self.json:
            print(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))
        else:
            print(human() if callable(human) else human)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain aligned text table (wide Vietnamese text is fine in a terminal)."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def write(text: str) -> None:
    sys.stdout.write(text + ("\n" if not text.endswith("\n") else ""))
