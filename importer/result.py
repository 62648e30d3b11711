"""The parse result: what a plan document says, before anything is stored."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

RecurrenceName = Literal["ongoing", "monthly", "quarterly", "half-yearly", "yearly"]


class PlanInfo(BaseModel):
    number: str | None = None
    title: str = ""
    issuer: str | None = None
    year: int | None = None
    issued_on: date | None = None
    place_date_line: str | None = None
    index_tags: list[str] = Field(default_factory=list)


class TaskItem(BaseModel):
    ref: str | None = None
    section: str | None = None
    text: str
    lead: list[str] = Field(default_factory=list)
    coordinate: list[str] = Field(default_factory=list)
    monitor: list[str] = Field(default_factory=list)
    timing_text: str | None = None
    deadline: date | None = None
    recurrence: RecurrenceName | None = None
    # What the office should check before storing (importer.flags.FLAGS, in that order).
    flags: list[str] = Field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "section": self.section,
            "text": self.text,
            "lead": list(self.lead),
            "coordinate": list(self.coordinate),
            "monitor": list(self.monitor),
            "timing_text": self.timing_text,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "recurrence": self.recurrence,
            "flags": list(self.flags),
        }


class ParseResult(BaseModel):
    plan: PlanInfo
    targets: list[str] = Field(default_factory=list)
    tasks: list[TaskItem] = Field(default_factory=list)
    unresolved_units: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    source_filename: str | None = None
    source_sha256: str | None = None
    source_format: str | None = None  # "review" for a corrected review sheet (importer.review_sheet)
    # A review sheet only: the Excel row of each task, and rows that could not be read.
    review_rows: list[int] = Field(default_factory=list)
    review_errors: list[dict[str, Any]] = Field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        """Exactly the documented `--json` shape; outside tools rely on it."""
        p = self.plan
        return {
            "plan": {
                "number": p.number,
                "title": p.title,
                "issuer": p.issuer,
                "year": p.year,
                "issued_on": p.issued_on.isoformat() if p.issued_on else None,
            },
            "targets": list(self.targets),
            "tasks": [t.to_json_dict() for t in self.tasks],
            "unresolved_units": list(self.unresolved_units),
            "warnings": list(self.warnings),
        }
