"""Who answers what in the demo: scripted reactions to the reminders the engine really sends.

The story does not hard-code task ids or dates. It watches what the
dispatcher delivered and gives the first dated tasks parts to play, in the
order their reminders arrive: one is answered with progress then done, one
with a difficulty (which Văn phòng answers), one is snoozed, one is left
alone until the overdue reminder reaches the unit head. The rest are
answered "done" at once so the story stays short.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models import Role
from scheduler.policy import parse_kind

# The parts, handed out in this order to dated lead assignments.
PARTS = ("progress_then_done", "difficulty", "snooze", "silent")
QUICK = "quick"


@dataclass(frozen=True)
class Delivered:
    """One reminder the dispatcher sent."""

    reminder_id: int
    assignment_id: int
    task_id: int
    kind: str
    role: Role
    dated: bool
    officer_ids: list[int]  # who received it, in delivery order
    head_ids: list[int]  # the unit heads among them

    @property
    def family(self) -> str:
        return parse_kind(self.kind).family


@dataclass(frozen=True)
class Reaction:
    officer_id: int
    reply: str  # "1", "2 <text>", "TL 7 <text>"...
    expect: str  # what the story checks afterwards: done, progress, difficulty, snooze, ...
    assignment_id: int | None = None
    task_id: int | None = None
    narrate: str = "demo.answers"  # the "08:10 · X trả lời" line


@dataclass
class Director:
    texts: dict[str, str]  # reply key -> text in the demo's language
    parts: dict[int, str] = field(default_factory=dict)  # assignment id -> part
    seen: dict[int, int] = field(default_factory=dict)  # assignment id -> reminders seen
    checkin_answered: bool = False
    escalated: set[int] = field(default_factory=set)

    def part_of(self, assignment_id: int) -> str:
        """The part cast for this assignment; any other is answered "done" at once."""
        return self.parts.get(assignment_id, QUICK)

    def react(self, sent: Delivered) -> list[Reaction]:
        """What people do about one delivered reminder."""
        if not sent.officer_ids:
            return []
        staff = [o for o in sent.officer_ids if o not in sent.head_ids] or sent.officer_ids
        officer = staff[0]
        if sent.family == "checkin":
            if self.checkin_answered:
                return []
            self.checkin_answered = True
            return [self._r(officer, "2", "checkin", sent, "progress")]
        if sent.role != Role.LEAD or not sent.dated:
            return []  # coordinating units are informed; nothing to answer in the story
        part = self.part_of(sent.assignment_id)
        n = self.seen.get(sent.assignment_id, 0)
        self.seen[sent.assignment_id] = n + 1
        if part == "progress_then_done":
            return [self._r(officer, "2", "progress", sent, "progress")] if n == 0 else \
                [self._r(officer, "1", "done", sent, "done")]
        if part == "difficulty":
            return [self._r(officer, "3", "difficulty", sent, "difficulty")] if n == 0 else \
                [self._r(officer, "1", "done_after_help", sent, "done")]
        if part == "snooze":
            return [self._r(officer, "4", None, sent, "snooze")] if n == 0 else \
                [self._r(officer, "1", "done", sent, "done")]
        if part == "silent":
            if sent.head_ids and sent.assignment_id not in self.escalated:
                self.escalated.add(sent.assignment_id)
                head = sent.head_ids[0]
                return [
                    self._r(head, "2", "head", sent, "progress", narrate="demo.head_answers"),
                    self._r(officer, "1", "late_done", sent, "done"),
                ]
            return []
        return [self._r(officer, "1", None, sent, "done")] if n == 0 else []

    def office_answer(self, office_officer_id: int, update_id: int) -> Reaction:
        return Reaction(office_officer_id, f"TL {update_id} {self.texts['office_answer']}",
                        "office_answer", narrate="demo.office_answers")

    def _r(self, officer_id: int, number: str, text_key: str | None, sent: Delivered, expect: str,
           narrate: str = "demo.answers") -> Reaction:
        reply = f"{number} {self.texts[text_key]}" if text_key else number
        return Reaction(officer_id, reply, expect, sent.assignment_id, sent.task_id, narrate)
