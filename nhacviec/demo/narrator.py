"""The demo's own voice: headings and short notes between the chat bubbles."""

from __future__ import annotations

from datetime import date, datetime
from typing import TextIO
from zoneinfo import ZoneInfo

from core.i18n import t
from core.timefmt import format_date_weekday

WIDTH = 64


class HeadedStream:
    """A text stream that prints pending headings just before the first line under them.

    The story sets "Tuần 2 — Thứ Ba 10/03/2026" and "08:00 · ..." before each
    step; a step where nothing happens prints nothing at all.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.pending: list[str] = []

    def write(self, text: str) -> int:
        if self.pending and text:
            self.stream.write("".join(self.pending))
            self.pending.clear()
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()


class Narrator:
    def __init__(self, stream: HeadedStream, tz: ZoneInfo, lang: str = "vi") -> None:
        self.stream = stream
        self.tz = tz
        self.lang = lang
        self._day: date | None = None
        self._last_note: str | None = None

    def t(self, key: str, **params: object) -> str:
        return t(key, self.lang, **params)

    def line(self, text: str = "") -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    def say(self, key: str, **params: object) -> None:
        self.line(self.t(key, **params))

    def banner(self, key: str) -> None:
        self.line("═" * WIDTH)
        self.line(" " + self.t(key))
        self.line("═" * WIDTH)

    def chapter(self, key: str, **params: object) -> None:
        self.stream.pending.clear()  # a day heading with nothing under it
        self.line()
        self.line(_rule(self.t(key, **params)))

    def day(self, day: date, week_no: int) -> None:
        """Heading for a simulated day, printed only if something happens that day."""
        if day == self._day:
            return
        self._day = day
        title = self.t("demo.day", week=week_no, day=format_date_weekday(day, self.lang))
        self.stream.pending = ["\n" + _rule(title) + "\n"]

    def at(self, moment: datetime, key: str, pending: bool = False, **params: object) -> None:
        """"08:30 · Lê Thị Mai trả lời" (pending: only if something follows)."""
        text = self.t("demo.at", time=moment.astimezone(self.tz).strftime("%H:%M"),
                      what=self.t(key, **params)) + "\n"
        self._last_note = None
        if pending:
            self.stream.pending.append(text)
        else:
            self.stream.write(text)

    def drop_pending_time(self) -> None:
        """Forget a time line nobody printed under (keep a day heading)."""
        self.stream.pending = [p for p in self.stream.pending if p.startswith("\n")]

    def note(self, key: str, **params: object) -> None:
        """A short explanation; the same one is not repeated within one step of time."""
        text = "   » " + self.t(key, **params)
        if text == self._last_note:
            return
        self._last_note = text
        self.line(text)

    def unavailable(self, part_key: str) -> None:
        self.line("   ⋯ " + self.t("demo.unavailable", what=self.t(part_key)))


def _rule(title: str) -> str:
    return f"━━ {title} " + "━" * max(3, WIDTH - len(title) - 4)
