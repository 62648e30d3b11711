"""Score the importer against hand annotations of real published plans.

The annotations (annotations/NN.json, see README.md here) were written by reading the
documents only. The documents stay in ../shared/plans and are read at run time.

This module keeps its own normalisation on purpose: the scorer must not share the
importer's idea of what text or a unit name is, or both could be wrong the same way.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rapidfuzz import fuzz

HERE = Path(__file__).resolve().parent
ANNOTATIONS = HERE / "annotations"
PLANS_DIR = HERE.parents[3] / "shared" / "plans"

# Every third document is held out: annotated by reading only, never tuned to.
HELDOUT = frozenset(f"{n:02d}" for n in range(3, 36, 3))

# A deadline the importer filled from the plan's overall timing is not the task's own.
PLAN_DEFAULT_FLAGS = frozenset({"deadline_from_plan"})


@dataclass(frozen=True)
class AnnotatedTask:
    ref: str | None
    text: str
    lead: tuple[str, ...]
    coordinate: tuple[str, ...]
    monitor: tuple[str, ...]
    timing_text: str | None
    deadline: date | None
    recurrence: str | None


@dataclass(frozen=True)
class Annotation:
    number: str
    document: str
    set: str
    plan_year: int | None
    plan_deadline: date | None
    tasks: tuple[AnnotatedTask, ...]

    @property
    def text_path(self) -> Path:
        return PLANS_DIR / self.document

    @property
    def pdf_path(self) -> Path | None:
        pdf = self.text_path.with_suffix(".pdf")
        return pdf if pdf.exists() else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _names(values: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(" ".join(v.split()) for v in (values or ()) if v and v.strip())


def load_annotation(path: Path) -> Annotation:
    raw = json.loads(path.read_text(encoding="utf-8"))
    tasks = tuple(
        AnnotatedTask(
            ref=t.get("ref"),
            text=t["text"],
            lead=_names(t.get("lead")),
            coordinate=_names(t.get("coordinate")),
            monitor=_names(t.get("monitor")),
            timing_text=t.get("timing_text"),
            deadline=_date(t.get("deadline")),
            recurrence=t.get("recurrence"),
        )
        for t in raw["tasks"]
    )
    return Annotation(
        number=path.stem,
        document=raw["document"],
        set=raw["set"],
        plan_year=raw.get("plan_year"),
        plan_deadline=_date(raw.get("plan_deadline")),
        tasks=tasks,
    )


def load_all(which: str | None = None) -> list[Annotation]:
    """Every annotation, or only the 'dev' or the 'heldout' ones."""
    out = [load_annotation(p) for p in sorted(ANNOTATIONS.glob("[0-9][0-9].json"))]
    return [a for a in out if which is None or a.set == which]


def key(text: str) -> str:
    """Folded form for comparing: no case, no diacritics, letters and digits only."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def text_matches(annotated: str, extracted: str) -> bool:
    want, got = key(annotated), key(extracted)
    if not want:
        return False
    if got.startswith(want):
        return True
    return len(want) >= 12 and fuzz.ratio(want, got[: len(want)]) >= 90


def same_unit(annotated: str, extracted: str) -> bool:
    """A long name is annotated by its first words and "…" (the documents stay out of the repo)."""
    ka, kb = key(annotated), key(extracted)
    if annotated.rstrip().endswith("…"):
        return bool(ka) and (kb.startswith(ka) or fuzz.ratio(ka, kb[: len(ka)]) >= 90)
    return ka == kb or fuzz.ratio(ka, kb) >= 90


def same_units(annotated: Sequence[str], extracted: Sequence[str]) -> bool:
    if len(annotated) != len(extracted):
        return False
    free = list(extracted)
    for name in annotated:
        hit = next((x for x in free if same_unit(name, x)), None)
        if hit is None:
            return False
        free.remove(hit)
    return True


@dataclass
class Score:
    name: str
    expected: int = 0
    extracted: int = 0
    found: int = 0
    lead_ok: int = 0
    deadline_ok: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for attr in ("expected", "extracted", "found", "lead_ok", "deadline_ok"):
            setattr(self, attr, getattr(self, attr) + getattr(other, attr))

    @staticmethod
    def _ratio(n: int, d: int) -> float:
        return n / d if d else 1.0

    @property
    def recall(self) -> float:
        return self._ratio(self.found, self.expected)

    @property
    def precision(self) -> float:
        return self._ratio(self.found, self.extracted)

    @property
    def lead(self) -> float:
        """Right lead units, as a share of the tasks found."""
        return self._ratio(self.lead_ok, self.found)

    @property
    def deadline(self) -> float:
        """Right deadline, as a share of the tasks found."""
        return self._ratio(self.deadline_ok, self.found)


def own_deadline(task) -> date | None:
    flags = set(getattr(task, "flags", None) or ())
    return None if flags & PLAN_DEFAULT_FLAGS else task.deadline


def score_tasks(name: str, annotated: Sequence[AnnotatedTask], extracted: Sequence) -> Score:
    """Pair annotations with extracted tasks in document order, then compare units and dates.

    Each extracted task pairs with at most one annotation; the search starts after the last
    pair, so repeated openings ("Tổ chức triển khai ...") pair with the right occurrence.
    """
    s = Score(name, expected=len(annotated), extracted=len(extracted))
    used = [False] * len(extracted)
    cursor = 0
    for ann in annotated:
        order = [*range(cursor, len(extracted)), *range(cursor)]
        hit = next((i for i in order if not used[i] and text_matches(ann.text, extracted[i].text)), None)
        if hit is None:
            s.misses.append(f"missed   {ann.ref or '-'}: {ann.text!r}")
            continue
        used[hit] = True
        cursor = hit + 1
        task = extracted[hit]
        s.found += 1
        if same_units(ann.lead, task.lead):
            s.lead_ok += 1
        else:
            s.misses.append(f"lead     {ann.ref or '-'}: {ann.text!r}: want {list(ann.lead)} got {task.lead}")
        got = own_deadline(task)
        if got == ann.deadline:
            s.deadline_ok += 1
        else:
            s.misses.append(
                f"deadline {ann.ref or '-'}: {ann.text!r}: want {ann.deadline} got {got} ({task.timing_text!r})"
            )
    for i, task in enumerate(extracted):
        if not used[i]:
            s.misses.append(f"extra    {task.ref or '-'}: {' '.join(task.text.split()[:10])!r}")
    return s


def parse_document(path: Path):
    """The importer's reading of one document: the pure parse, as `import --dry-run` shows it."""
    from importer import parse_bytes
    from importer.errors import ImportFailure

    try:
        return parse_bytes(path.read_bytes(), path.name).tasks
    except ImportFailure:
        return []


def score_annotation(ann: Annotation, *, pdf: bool = False) -> Score:
    path = ann.pdf_path if pdf else ann.text_path
    assert path is not None
    label = f"{ann.number}{' pdf' if pdf else ''}"
    return score_tasks(label, ann.tasks, parse_document(path))


# How a plan reaches the office other than as published: a PDF converted to Word (one
# paragraph per printed line) and a text export (re-wrapped at 80 columns, a blank line after
# each, the national motto and a page number atop every 30 lines). Only plain text layers are
# rendered so: a web copy's Markdown tables have no faithful line-by-line form.
EXPORTS = ("word from pdf", "text export")


def export_variants(ann: Annotation) -> list[tuple[str, bytes, str]]:
    from tests.importer import samples

    raw = ann.text_path.read_text(encoding="utf-8")
    if "|" in raw:
        return []
    lines = [ln for ln in raw.splitlines() if ln.strip()]
    return [
        ("word from pdf", samples.docx_bytes(lines), "plan.docx"),
        ("text export", samples.seedlike(raw, width=80, page=30), "plan.txt"),
    ]


def without_markup(ann: Annotation) -> bytes | None:
    """A web copy saved as plain text by a tool that drops emphasis: its lines still wrapped,
    a blank line between paragraphs, no bold or italics (tables left as they are)."""
    raw = ann.text_path.read_text(encoding="utf-8")
    if "**" not in raw:
        return None
    return re.sub(r"(?m)^#+\s*", "", re.sub(r"\*+", "", raw)).encode()


def score_without_markup(ann: Annotation) -> Score | None:
    from importer import parse_bytes
    from importer.errors import ImportFailure

    data = without_markup(ann)
    if data is None:
        return None
    try:
        tasks = parse_bytes(data, "plan.txt").tasks
    except ImportFailure:
        tasks = []
    return score_tasks(f"{ann.number} without markup", ann.tasks, tasks)


def score_exports(ann: Annotation) -> dict[str, Score]:
    """The plan read in each export condition, scored like the published text."""
    from importer import parse_bytes
    from importer.errors import ImportFailure

    out: dict[str, Score] = {}
    for label, data, name in export_variants(ann):
        try:
            tasks = parse_bytes(data, name).tasks
        except ImportFailure:
            tasks = []
        out[label] = score_tasks(f"{ann.number} {label}", ann.tasks, tasks)
    return out
