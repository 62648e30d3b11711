"""The sample plan: find it, read its dates, and store it when the chat import is not wired."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

SAMPLES_DIR = Path(__file__).resolve().parents[1] / "samples"


@dataclass
class SamplePlan:
    path: Path
    data: bytes
    parsed: object  # importer.ParseResult

    @property
    def dated_deadlines(self) -> list[date]:
        return sorted(t.deadline for t in self.parsed.tasks if t.deadline and t.lead)


def find_sample(samples_dir: Path = SAMPLES_DIR) -> Path | None:
    """The project's own sample plan (Markdown preferred: readable in any editor)."""
    if not samples_dir.is_dir():
        return None
    files = sorted(p for p in samples_dir.iterdir() if p.suffix.lower() in (".md", ".txt", ".docx"))
    files.sort(key=lambda p: (p.suffix.lower() != ".md", p.name))
    return files[0] if files else None


def load_sample(path: Path) -> SamplePlan:
    import importer

    data = path.read_bytes()
    return SamplePlan(path, data, importer.parse_bytes(data, path.name))


