"""What the office should check in a parsed task before the plan is stored. Pure.

Each task of a parse result carries `flags`, a list of the names below in this order. The
chat and CLI previews list flagged tasks first; the review sheet has a column for them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from importer.result import TaskItem
from importer.textutil import fold
from importer.timing import parse_timing

NO_LEAD = "no_lead"  # the plan names no lead unit
LEAD_FROM_HEADING = "lead_from_heading"  # the lead is the unit heading the task sits under
DEADLINE_FROM_PLAN = "deadline_from_plan"  # the plan's overall date, not the task's own
DEADLINE_FROM_PERIOD = "deadline_from_period"  # a month, quarter or year taken as its last day
DEADLINE_LAST_OF_SEVERAL = "deadline_last_of_several"  # two results, two dates: due at the last
TEXT_MAYBE_CUT = "text_maybe_cut"  # the text looks cut short or run on from another line

FLAGS = (NO_LEAD, LEAD_FROM_HEADING, DEADLINE_FROM_PLAN, DEADLINE_FROM_PERIOD, DEADLINE_LAST_OF_SEVERAL,
         TEXT_MAYBE_CUT)

# A date that names its day: "15/12/2024", "15/12", "ngày 15 tháng 12".
_DAY_DATE = re.compile(r"(?<![\d/])\d{1,2}\s*[/.]\s*\d{1,2}(?!\d)|\bngay\s+\d{1,2}\s+thang\s+\d")

# Words a Vietnamese sentence does not end on: the text was cut (or the next line is missing).
# Kept with their diacritics: "đầu tư", "tài chính" end sentences; "từ", "tại" do not.
_DANGLING_WORDS = frozenset((
    "và", "với", "của", "các", "những", "cho", "để", "theo", "tại", "về", "hoặc", "trong", "trên",
    "dưới", "từ", "đến", "là", "mà", "thì", "như", "nhằm", "bằng", "đối", "cùng", "vào", "giữa",
))


def states_day(timing_text: str | None) -> bool:
    """Does the timing name a day (a date), rather than a month, quarter or year?"""
    return bool(timing_text) and bool(_DAY_DATE.search(fold(timing_text or "")))


def text_maybe_cut(text: str) -> bool:
    """The task's text ends mid-sentence, or its brackets or quotes are left open."""
    body = " ".join(text.split())
    if len(body.split()) < 3:
        return True
    if body.count("(") != body.count(")") or body.count("“") != body.count("”"):
        return True
    if body[-1] in ",;:-–(/&":
        return True
    if body[-1] in ".!?…)”\"'":
        return False  # a closed sentence
    return unicodedata.normalize("NFC", body.split()[-1]).lower() in _DANGLING_WORDS


def several_dates(timing_text: str | None) -> bool:
    """ "Tháng 5/2026; Tháng 11/2026": a row's results, each with its own date (the task is due
    at the last, and the office may rather split it)."""
    parts = [p for p in (timing_text or "").split(";") if p.strip()]
    return len(parts) > 1 and all(parse_timing(p).deadline is not None for p in parts)


def task_flags(task: TaskItem, *, lead_from_heading: bool = False, deadline_from_plan: bool = False) -> list[str]:
    """The flags of one task, in the order of FLAGS. The parse knows where lead and date came from."""
    found: set[str] = set()
    if not task.lead:
        found.add(NO_LEAD)
    elif lead_from_heading:
        found.add(LEAD_FROM_HEADING)
    if task.deadline is not None:
        if deadline_from_plan:
            found.add(DEADLINE_FROM_PLAN)
        elif not states_day(task.timing_text):
            found.add(DEADLINE_FROM_PERIOD)
        if not deadline_from_plan and several_dates(task.timing_text):
            found.add(DEADLINE_LAST_OF_SEVERAL)
    if text_maybe_cut(task.text):
        found.add(TEXT_MAYBE_CUT)
    return [f for f in FLAGS if f in found]


def flagged_first(tasks: Iterable[TaskItem]) -> list[tuple[int, TaskItem]]:
    """(1-based number in the plan, task), flagged tasks first, each group in plan order."""
    numbered = list(enumerate(tasks, 1))
    return [x for x in numbered if x[1].flags] + [x for x in numbered if not x[1].flags]


def is_undated(task: TaskItem) -> bool:
    """No deadline and no recurrence: nothing would ever remind it."""
    return task.deadline is None and task.recurrence is None
