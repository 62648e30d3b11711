"""Plan importer: read a Kế hoạch (docx, pdf, txt/md, xlsx/csv) and propose its tasks.

Parsing is pure (bytes -> ParseResult) and touches no database: storing a plan, its preview
against an organization's directory and the web's drafts are services
(services/plan_store.py, plan_preview.py, plan_drafts.py).
"""

from importer.errors import ImportFailure
from importer.parse import parse_bytes, parse_document
from importer.result import ParseResult, PlanInfo, TaskItem
from importer.timing import Timing, parse_timing

__all__ = [
    "ImportFailure",
    "ParseResult",
    "PlanInfo",
    "TaskItem",
    "Timing",
    "parse_bytes",
    "parse_document",
    "parse_timing",
]
