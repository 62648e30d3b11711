"""What the office decides before a plan is stored, rather than a silent default. Pure.

- Tasks whose plan names no lead unit: the office names one (chat: a numbered choice of its
  units; CLI: `--default-lead UNIT`), or adds the units to the file.
- A plan whose time is long over (its deadlines far past): stored to be followed without
  reminders, or chased anyway — the office says which, so nobody is flooded with
  "quá hạn 719 ngày".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from importer.result import ParseResult, TaskItem

# A plan is "old" when its latest deadline is more than this many days before today.
OLD_PLAN_DAYS = 180


@dataclass(frozen=True)
class OldPlan:
    latest: date  # the plan's latest deadline (the end of its year for undated and recurring tasks)
    days_past: int  # calendar days from `latest` to today


def old_plan(result: ParseResult, today: date, days: int = OLD_PLAN_DAYS) -> OldPlan | None:
    """The plan's time is long over: its latest deadline — or, for tasks with no date of their
    own, the end of the plan's year — is more than `days` days before `today`."""
    ends = [t.deadline for t in result.tasks if t.deadline]
    if result.plan.year and any(t.deadline is None for t in result.tasks):
        ends.append(date(result.plan.year, 12, 31))  # undated and recurring tasks end with the year
    if not ends:
        return None
    latest = max(ends)
    past = (today - latest).days
    return OldPlan(latest, past) if past > days else None


def task_line(index: int, item: TaskItem, width: int = 60) -> str:
    """ "số 3 (II.1) “Tổ chức kiểm tra …”": how a task is named in a question or a refusal."""
    text = " ".join(item.text.split()).rstrip(" .;:,")
    if len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    ref = f" ({item.ref})" if item.ref else ""
    return f"{index + 1}{ref} “{text}”"
