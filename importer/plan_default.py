"""The plan's own overall deadline, for its tasks that state no timing. Pure.

Many plans date almost nothing task by task, yet say when the results are due ("Văn phòng
Sở tổng hợp, báo cáo kết quả … trước ngày 15/12/2024") or which period they cover ("Kế
hoạch … năm 2024", "trong năm 2024"). A task with no timing of its own takes that date,
flagged `deadline_from_plan` so the office sees it and can change it; a task left without
any date is listed for the office to date. Nothing is left silently without reminders.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from importer.flags import DEADLINE_FROM_PLAN, FLAGS
from importer.result import TaskItem
from importer.textutil import fold
from importer.timing import find_inline_deadline

# A sentence that states when the plan's results are due.
_RESULT_WORDS = re.compile(r"\b(?:bao cao|ket qua|tong ket)\b")
# ... but not a periodic report ("báo cáo 6 tháng", "hằng quý"): that is a task of its own.
_PERIODIC = re.compile(r"\b(?:0?6|sau|0?9|chin) thang\b|\bquy\b|\b(?:hang|moi) (?:thang|quy|nam|tuan)\b|\bdinh ky\b|\bso ket\b")
# The period the whole plan covers: "Kế hoạch … năm 2024", "thực hiện trong năm 2024".
_YEAR_PERIOD = re.compile(r"\b(?:trong |ca )?nam ((?:19|20)\d{2})\b(?!\s*[-–]\s*\d)")
_RANGE = re.compile(r"\b(?:giai doan|nam) (?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}")


@dataclass(frozen=True)
class PlanDefault:
    text: str  # as the plan writes it: "trước ngày 15/12/2024", "năm 2024"
    deadline: date
    kind: str  # "date": a stated date for results or reports; "period": the plan's year


def find_plan_default(paragraphs: Iterable[str], title: str, plan_year: int | None) -> PlanDefault | None:
    """The latest results or reporting date the plan states, else the year its title names."""
    best: PlanDefault | None = None
    for text in paragraphs:
        folded = fold(text)
        if not _RESULT_WORDS.search(folded) or _PERIODIC.search(folded):
            continue
        found = find_inline_deadline(text, plan_year)
        if found is None:
            continue
        phrase, deadline = found
        if plan_year is not None and deadline.year not in (plan_year, plan_year + 1):
            continue  # a date of another year cites something else
        if best is None or deadline > best.deadline:
            best = PlanDefault(phrase.strip(" .;,"), deadline, "date")
    if best is not None:
        return best
    folded = fold(title or "")
    if _RANGE.search(folded):
        return None  # "giai đoạn 2021-2025": too long a frame to chase by
    years = {int(m.group(1)) for m in _YEAR_PERIOD.finditer(folded)}
    if len(years) == 1:
        year = years.pop()
        if plan_year is None or year == plan_year:
            return PlanDefault(f"năm {year}", date(year, 12, 31), "period")
    return None


def apply_plan_default(tasks: list[TaskItem], default: PlanDefault | None) -> int:
    """Give every task with no timing of its own the plan's date; returns how many took it."""
    if default is None:
        return 0
    count = 0
    for task in tasks:
        if task.deadline is not None or task.recurrence is not None or task.timing_text:
            continue
        task.deadline = default.deadline
        task.timing_text = None  # the task still states no timing; the flag says where the date is from
        task.flags = [f for f in FLAGS if f in {*task.flags, DEADLINE_FROM_PLAN}]
        count += 1
    return count
