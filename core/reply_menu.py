"""The reply menu under a reminder and a task card, defined once.

Telegram shows it as buttons; Zalo and the terminal as numbered lines, and the officer
answers "1", "2 <text>", …. The reminder engine (scheduler/messages.py) and the conversation
(conversation/render.py) draw it from here, and a typed number is read back through
`BY_NUMBER`, so the buttons, the numbers and what each does cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.channel import Choice
from core.i18n import t

TEXTS: dict[str, dict[str, str]] = {
    "menu.done": {"vi": "✅ Đã xong", "en": "✅ Done"},
    "menu.progress": {"vi": "📝 Cập nhật tiến độ", "en": "📝 Progress update"},
    "menu.difficulty": {"vi": "⚠️ Báo khó khăn", "en": "⚠️ Report a difficulty"},
    "menu.snooze1": {"vi": "⏰ Nhắc lại sau 1 ngày", "en": "⏰ Remind me in 1 day"},
    "menu.snooze3": {"vi": "⏰ Nhắc lại sau 3 ngày", "en": "⏰ Remind me in 3 days"},
    "menu.more": {"vi": "📄 Xem đầy đủ", "en": "📄 Full text"},
    "menu.with_text": {"vi": "{n} <nội dung>", "en": "{n} <text>"},
}


@dataclass(frozen=True)
class MenuItem:
    number: int  # what a text channel's officer types
    action: str  # the button's action: "<action>:<assignment id>[:<days>]"
    label: str  # its text key
    takes_text: bool = False  # "2 <nội dung>": the rest of the line is the note
    days: int | None = None  # a snooze's length


DONE = MenuItem(1, "done", "menu.done")
PROGRESS = MenuItem(2, "progress", "menu.progress", takes_text=True)
DIFFICULTY = MenuItem(3, "difficulty", "menu.difficulty", takes_text=True)
SNOOZE_1 = MenuItem(4, "snooze", "menu.snooze1", days=1)
SNOOZE_3 = MenuItem(5, "snooze", "menu.snooze3", days=3)
MORE = MenuItem(0, "more", "menu.more")
MENU = (DONE, PROGRESS, DIFFICULTY, SNOOZE_1, SNOOZE_3, MORE)
BY_NUMBER = {item.number: item for item in MENU}


def choice(item: MenuItem, assignment_id: int, lang: str) -> Choice:
    action = f"{item.action}:{assignment_id}" + (f":{item.days}" if item.days else "")
    hint = t("menu.with_text", lang, n=item.number) if item.takes_text else str(item.number)
    return Choice(t(item.label, lang), action, hint)


def menu_choices(assignment_id: int, lang: str, can_finish: bool = True) -> list[list[Choice]]:
    """The menu's rows. No "done" where the unit cannot finish the task (a coordinating unit,
    a check-in on a task without a deadline)."""
    def c(item: MenuItem) -> Choice:
        return choice(item, assignment_id, lang)

    first = [c(DONE), c(PROGRESS)] if can_finish else [c(PROGRESS)]
    return [first, [c(DIFFICULTY)], [c(SNOOZE_1), c(SNOOZE_3)], [c(MORE)]]
