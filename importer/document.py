"""What extraction hands the parser: a document as lines, paragraphs and table rows."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Line:
    """A physical line (soft: may continue the previous one) or a whole paragraph or a table row."""

    text: str = ""
    soft: bool = True
    heading_level: int | None = None
    # PDF only: the line starts further right than the page's text (a first-line indent).
    indent: bool | None = None
    # PDF only: more space than usual above this line (Word's "space before/after").
    gap_before: bool | None = None
    bold: bool = False
    cells: list[str] | None = None
    table: int | None = None


@dataclass
class Document:
    fmt: str
    lines: list[Line] = field(default_factory=list)
    unreadable_tables: int = 0  # flattened tables left out: their rows had no numbers
