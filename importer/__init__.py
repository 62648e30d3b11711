"""Plan importer: read a Kế hoạch (docx, pdf, txt/md, xlsx/csv) and propose its tasks.

Parsing is pure (bytes -> ParseResult); only `store` and `preview` touch the database.
"""

from importer import texts as _texts
from importer.errors import ImportFailure
from importer.parse import parse_bytes, parse_document
from importer.result import ParseResult, PlanInfo, TaskItem
from importer.timing import Timing, parse_timing

_texts.register()  # the catalog also answers core.i18n.t("importer....")



def __getattr__(name: str):
    # The preview step needs the database models; load it only when asked for.
    if name in ("build_preview", "commit_preview", "Preview"):
        from importer import preview

        return getattr(preview, name)
    raise AttributeError(name)


__all__ = [
    "ImportFailure",
    "ParseResult",
    "PlanInfo",
    "Preview",
    "TaskItem",
    "Timing",
    "build_preview",
    "commit_preview",
    "parse_bytes",
    "parse_document",
    "parse_timing",
]
