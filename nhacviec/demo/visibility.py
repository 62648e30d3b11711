"""What the demo prints: the messages the story is about; the others are counted.

A live department gets many messages at once (every coordinating unit is
reminded too, every unit hears when a lead unit finishes). Printing all of
them would bury the story, so the terminal channel asks this filter first.
"""

from __future__ import annotations

from bot.terminal.identity import officer_of_chat
from core.channel import OutgoingMessage


class Visibility:
    def __init__(self) -> None:
        # During an answer: only these officers' phones print (None: between answers).
        self.audience: set[int] | None = None
        self.cast: set[int] = set()  # assignments with a part: their reminders always print
        self.kinds: dict[int, tuple[str, bool]] = {}  # assignment -> (role, recurring)
        self.examples: set[tuple[str, bool]] = set()  # kinds already shown once
        self.shown_reminders: set[int] = set()

    def __call__(self, chat_id: str, message: OutgoingMessage | None) -> bool:
        """Print this message? Reminders of cast tasks, the first of each other kind of
        reminder (coordinating unit, periodic check-in, another lead task) as an example,
        and everything else between answers (digests, notices). During an answer, only the
        audience's phones."""
        if self.audience is not None:
            return officer_of_chat(chat_id) in self.audience
        if message is None or message.purpose != "reminder" or message.assignment_id is None:
            return True
        aid = message.assignment_id
        if aid not in self.cast and message.reminder_id not in self.shown_reminders:
            kind = self.kinds.get(aid, ("?", False))
            if kind in self.examples:
                return False
            self.examples.add(kind)
        if message.reminder_id is not None:
            self.shown_reminders.add(message.reminder_id)
        return True
