"""Timing text -> deadline date and recurrence. Pure and table-driven.

Used by the plan importer and by `task add --deadline`. The date is the one the
plan states; moving it off weekends and holidays is the scheduler's job.
"""

from __future__ import annotations

import calendar
import itertools
import re
from dataclasses import dataclass
from datetime import date

from importer.textutil import fold_aligned, nfc

RECURRENCES = ("ongoing", "monthly", "quarterly", "half-yearly", "yearly")


@dataclass(frozen=True)
class Timing:
    deadline: date | None = None
    recurrence: str | None = None

    def __bool__(self) -> bool:
        return self.deadline is not None or self.recurrence is not None


# Checked in order: the first that matches wins ("Thường xuyên, báo cáo hằng quý" -> quarterly).
_RECURRENCE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("monthly", re.compile(r"\b(?:hang|moi) thang\b|dinh ky (?:hang )?thang\b|\b(?:0?1 lan ?/ ?thang|thang (?:mot|1) lan)\b")),
    ("quarterly", re.compile(r"\b(?:hang|moi|theo) quy\b|dinh ky (?:hang )?quy\b|\bquy (?:mot|1) lan\b|0?1 lan ?/ ?quy")),
    ("half-yearly", re.compile(r"dinh ky (?:0?6|sau) thang|\b(?:hang|moi) (?:0?6|sau) thang|\b0?6 thang (?:mot|1) lan|0?1 lan ?/ ?0?6 thang|\bnua nam (?:mot|1) lan")),
    ("yearly", re.compile(r"\b(?:hang|moi) nam\b|dinh ky (?:hang )?nam\b|\bnam (?:mot|1) lan\b|0?1 lan ?/ ?nam")),
    ("ongoing", re.compile(r"\bthuong xuyen\b|\blien tuc\b|\b(?:cac|nhung) nam (?:tiep theo|sau|ke tiep)\b|\btro di\b|\b(?:hang|moi) (?:ngay|tuan)\b|\bdinh ky\b|\bkhi co (?:yeu cau|phat sinh)|\bdot xuat\b")),
)

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"((?:19|20)\d{2})"
_SEP_YEAR = rf"(?:\s*(?:/|-|nam)\s*{_YEAR})"

# (kind, specificity, pattern). Higher specificity wins; ties go to the earliest.
_DATE_PATTERNS: tuple[tuple[str, int, re.Pattern[str]], ...] = (
    ("dmy", 3, re.compile(rf"(?<!\d)(?<!thang )(\d{{1,2}})\s*[/.-]\s*(\d{{1,2}})\s*[/.-]\s*{_YEAR}(?!\d)")),
    ("dmy", 3, re.compile(rf"\bngay\s+(\d{{1,2}})\s+thang\s+(\d{{1,2}})\s+nam\s+{_YEAR}")),
    ("dm", 3, re.compile(r"\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})(?!\s*(?:nam\s*\d|/|\d))")),
    ("dm", 3, re.compile(r"(?<![\d/.])(\d{1,2})\s*/\s*(\d{1,2})(?![/\d]|\s*/)")),
    ("half", 2, re.compile(rf"\b(0?[369]|sau|chin|ba) thang (dau|cuoi) nam{_SEP_YEAR}?")),
    ("halfword", 2, re.compile(rf"\bnua (dau|cuoi) nam{_SEP_YEAR}?")),
    ("quarter", 2, re.compile(rf"\bquy\s+(iv|iii|ii|i|[1-4])(?![a-z0-9]){_SEP_YEAR}?")),
    # "Quý IV2026": the slash lost in print.
    ("quarter", 2, re.compile(rf"\bquy\s+(iv|iii|ii|i){_YEAR}(?!\d)")),
    ("my", 2, re.compile(rf"\bthang\s+(\d{{1,2}}){_SEP_YEAR}")),
    ("my", 2, re.compile(rf"(?<![\d/.])(\d{{1,2}})\s*/\s*{_YEAR}(?!\d)")),
    ("m", 2, re.compile(r"\bthang\s+(\d{1,2})(?![\d/])")),
    # "trước năm 2030" ends with 2029: the work is done before that year begins.
    ("ybefore", 1, re.compile(rf"\btruoc\s+nam\s+{_YEAR}(?!\d)")),
    ("yearend", 1, re.compile(rf"\b(?:cuoi|ca|trong|het) nam{_SEP_YEAR}?(?!\s*(?:hoc|tai chinh|\d))")),
    ("yrange", 1, re.compile(rf"(?<!\d){_YEAR}\s*[-–]\s*{_YEAR}(?!\d)")),
    ("y", 1, re.compile(rf"\bnam\s+{_YEAR}(?!\d)")),
    # "2026", "2026 (sau khi Nghị định được ban hành)": a year alone, maybe with a note.
    ("ybare", 1, re.compile(rf"^\s*{_YEAR}\s*[.;]?\s*(?:\(.*)?$", re.S)),
)

_FROM = re.compile(r"(?:\btu|\bke tu|\bbat dau(?: tu)?)\s+(?:ngay\s+)?$")
_TRIGGER = re.compile(
    r"(?:\btruoc|\bcham nhat(?: la)?|\bhan chot|\bthoi han|\bden het|\bden|\bhoan thanh trong|"
    r"\bhoan thanh|\bxong|\btrong)\s+(?:ngay\s+|thoi gian\s+)?$"
)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    specificity: int
    deadline: date


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int | None, month: int, day: int) -> date | None:
    if year is None or not 1 <= month <= 12 or not 1990 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _resolve(kind: str, groups: tuple[str | None, ...], plan_year: int | None) -> date | None:
    def year_or_plan(value: str | None) -> int | None:
        return int(value) if value else plan_year

    if kind == "dmy":
        return _safe_date(int(groups[2]), int(groups[1]), int(groups[0]))
    if kind == "dm":
        return _safe_date(plan_year, int(groups[1]), int(groups[0]))
    if kind == "half":
        months = {"sau": 6, "chin": 9, "ba": 3}.get(groups[0] or "") or int(groups[0] or 6)
        year = year_or_plan(groups[2])
        if year is None:
            return None
        return _last_day(year, months if groups[1] == "dau" else 12)
    if kind == "halfword":
        year = year_or_plan(groups[1])
        return None if year is None else _last_day(year, 6 if groups[0] == "dau" else 12)
    if kind == "quarter":
        q = _ROMAN.get(groups[0] or "") or int(groups[0] or 0)
        year = year_or_plan(groups[1])
        return None if year is None or not 1 <= q <= 4 else _last_day(year, q * 3)
    if kind in ("my", "m"):
        month = int(groups[0] or 0)
        year = year_or_plan(groups[1] if kind == "my" else None)
        return None if year is None or not 1 <= month <= 12 else _last_day(year, month)
    if kind == "yearend":
        year = year_or_plan(groups[0])
        return None if year is None else date(year, 12, 31)
    if kind == "yrange":
        return date(int(groups[1] or 0), 12, 31)
    if kind == "ybefore":
        return date(int(groups[0] or 0) - 1, 12, 31)
    if kind in ("y", "ybare"):
        return date(int(groups[0] or 0), 12, 31)
    return None


def _candidates(folded: str, plan_year: int | None) -> list[_Candidate]:
    found: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    for kind, spec, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(folded):
            # A less specific pattern inside a span already read ("năm 2024" in "Quý I năm 2024").
            if any(s <= m.start() < e or s < m.end() <= e for s, e in taken):
                continue
            d = _resolve(kind, m.groups(), plan_year)
            if d is None:
                continue
            found.append(_Candidate(m.start(), m.end(), spec, d))
            taken.append((m.start(), m.end()))
    return found


# Dates that are not the work's limit, by the words around them (folded): a document cited
# ("Nghị quyết số 35-NQ/TW ngày 22/10/2018"), a vision ("tầm nhìn đến năm 2045"), a year the
# work goes on from ("năm 2026 và các năm tiếp theo").
NOT_A_LIMIT_BEFORE = (
    re.compile(r"\bso\s+\d[\w/.\-]*\s+(?:ngay\s*)?$"),
    re.compile(r"\btam nhin\s+(?:(?:den|toi)\s+)?(?:nam\s+)?$"),
)
NOT_A_LIMIT_AFTER = (
    re.compile(r"^\s*(?:va|,)\s*(?:cac|nhung) nam (?:tiep theo|sau|ke tiep)\b"),
    re.compile(r"^\s*tro (?:di|ve sau)\b"),
)


def _not_a_limit(folded: str, c: _Candidate) -> bool:
    before, after = folded[max(0, c.start - 40) : c.start], folded[c.end : c.end + 30]
    return any(p.search(before) for p in NOT_A_LIMIT_BEFORE) or any(p.match(after) for p in NOT_A_LIMIT_AFTER)


def _pick(folded: str, cands: list[_Candidate]) -> _Candidate | None:
    if not cands:
        return None
    cands = [c for c in cands if not _not_a_limit(folded, c)]
    # "từ tháng 3 đến tháng 6": the start of a range is not the deadline.
    cands = [c for c in cands if not _FROM.search(folded[max(0, c.start - 14) : c.start])]
    if not cands:
        return None  # "Từ tháng 01/2024" says when work starts, not when it is due
    best = max(c.specificity for c in cands)
    top = [c for c in cands if c.specificity == best]
    # "Quý II - Quý III/2024", "tháng 11-12/2024", "từ 01/3 đến 30/6", "Quý II và Quý III/2025":
    # the work ends with the last.
    for a, b in itertools.pairwise(top):
        if re.fullmatch(r"\s*(?:-|–|den|toi|den het|va|,)\s*(?:ngay\s+)?", folded[a.end : b.start]):
            return b
    triggered = [c for c in top if _TRIGGER.search(folded[max(0, c.start - 22) : c.start])]
    return (triggered or top)[0]


def parse_recurrence(text: str | None) -> str | None:
    if not text:
        return None
    folded = fold_aligned(nfc(text))
    for name, pattern in _RECURRENCE_PATTERNS:
        if pattern.search(folded):
            return name
    return None


def parse_timing(text: str | None, plan_year: int | None = None) -> Timing:
    """Read a timing cell or phrase: "trước ngày 15/12/2024", "Quý III/2024", "Thường xuyên"..."""
    if not text or not text.strip():
        return Timing()
    folded = fold_aligned(nfc(text))
    # "Quý I, II/2025", "Quý III và IV": the work ends with the last quarter named.
    folded = _QUARTER_LIST.sub(lambda m: "quy " + re.split(r"\s*(?:,|va|-|–)\s*", m.group(1))[-1], folded)
    recurrence = parse_recurrence(text)
    milestones = [_pick(part, _candidates(part, plan_year)) for part in folded.split(";")]
    if len(milestones) > 1 and not recurrence and all(milestones) and len({c.specificity for c in milestones}) == 1:
        # "Tháng 5/2026; Tháng 11/2026": one result after another; the work ends with the last.
        return Timing(max(c.deadline for c in milestones), None)
    cand = _pick(folded, _candidates(folded, plan_year))
    return Timing(cand.deadline if cand else None, recurrence)


_Q = r"(?:iv|iii|ii|i|[1-4])(?![a-z0-9])"
_QUARTER_LIST = re.compile(rf"\bquy\s+({_Q}(?:\s*(?:,|va|-|–)\s*(?:quy\s+)?{_Q})+)")


# In running text only phrases that set a limit count: "trước ngày 15/12/2024",
# "chậm nhất ngày ...", "trong Quý II/2024". A bare "ngày 19/10/2016" cites a document.
_INLINE = re.compile(
    r"(?:\btruoc|\bcham nhat(?: la)?|\bhan chot(?: la)?|\bthoi han(?: la)?|\bden het|\bden truoc|\bden(?= ngay)|"
    r"\bhoan thanh(?: trong| truoc)?|\bxong truoc|\btrong)\s+(?:ngay\s+)?"
)


# A day and month tied to a period recur ("trước ngày 30/11 hằng năm", "định kỳ hằng năm
# (trước ngày 15 tháng 12)"): a recurrence, not a deadline.
_DAY_MONTH = re.compile(r"\b(?:truoc|cham nhat|den)\s+(?:ngay\s+)?\d{1,2}(?:\s*/\s*\d{1,2}|\s+thang\s+\d{1,2})?(?![\d/])")
_RECURRING_AFTER = re.compile(r"\s*\)?\s*,?\s*(?:cua\s+)?(?:hang|moi) (nam|thang|quy)\b")
_RECURRING_BEFORE = re.compile(r"\b(?:dinh ky\s+)?(?:hang|moi) (nam|thang|quy)\s*[(,:]?\s*$")
_PERIOD_RECURRENCE = {"nam": "yearly", "thang": "monthly", "quy": "quarterly"}


def dated_recurrence(text: str) -> str | None:
    """ "trước ngày 30/11 hằng năm", "Định kỳ hằng năm (trước ngày 15 tháng 12)": a day (and
    month) with no year tied to a period recurs: its recurrence, and no single deadline."""
    folded = fold_aligned(nfc(text))
    for m in _DAY_MONTH.finditer(folded):
        after = _RECURRING_AFTER.match(folded, m.end())
        before = _RECURRING_BEFORE.search(folded[max(0, m.start() - 30) : m.start()])
        hit = after or before
        if hit:
            return _PERIOD_RECURRENCE[hit.group(1)]
    return None


def find_inline_deadline(text: str, plan_year: int | None) -> tuple[str, date] | None:
    """A deadline stated inside a task's sentence, with the phrase as written."""
    folded = fold_aligned(nfc(text))
    if len(folded) != len(text):
        text = nfc(text)
    for trig in _INLINE.finditer(folded):
        starts = [trig.end()]
        ngay = re.search(r"ngay\s+$", trig.group(0))
        if ngay:
            starts.append(trig.start() + ngay.start())  # "trước ngày 30 tháng 6" needs its "ngày"
        # "..., đến hết năm 2025." / "hoàn thành trong năm 2025." closing the sentence.
        year_ok = bool(re.match(r"(?:den het|hoan thanh trong|trong)\s", trig.group(0)))
        before_at = trig.group(0).rfind("truoc")
        for kind, spec, pattern in _DATE_PATTERNS:
            if kind == "ybefore" and before_at >= 0:
                m = pattern.match(folded, trig.start() + before_at)  # "… trước năm 2030."
                d = _resolve(kind, m.groups(), plan_year) if m else None
                if d is not None:
                    return text[trig.start() : m.end()].strip(), d
                continue
            if spec < 2 and not (year_ok and kind == "y"):
                continue
            for start in starts:
                m = pattern.match(folded, start)
                if not m:
                    continue
                if spec < 2 and not re.match(r"\s*(?:[.;]|$)", folded[m.end() :]):
                    continue
                if kind == "m" and trig.group(0).strip().startswith("trong"):
                    continue  # "trong tháng 3" is too loose to be a deadline
                d = _resolve(kind, m.groups(), plan_year)
                if d is not None:
                    return text[trig.start() : m.end()].strip(), d
    return None


_BARE_DAY = re.compile(r"^(?:ngay\s+)?\d{1,2}\s*(?:/|thang)\s*\d{1,2}(?:\s*(?:/|nam)\s*\d{4})?$")
_NAMED_DAY = re.compile(r"(?:[”\"»]|\bNgày\s+[A-ZĐÀ-Ỹ][^\s,;()]*(?:\s+[^\s,;()]+){0,8})\s*$")


def dates_an_event(before: str, inner: str) -> bool:
    """ "… hưởng ứng “Ngày Quốc tế xóa bỏ bạo lực …” (ngày 25/11)": a bare date in brackets
    after the name of a day or an occasion says when that day is, not when the work is due."""
    return bool(_BARE_DAY.match(fold_aligned(nfc(inner)).strip())) and bool(_NAMED_DAY.search(nfc(before)))
