"""The sample plan: find it, read its dates, and store it when the chat import is not there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from core.services import directory, tasks
from core.services.errors import DomainError
from models import Organization, Plan, Recurrence, Unit

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


def chat_import_available() -> bool:
    import importer

    return hasattr(importer, "build_preview") and hasattr(importer, "commit_preview")


async def store_directly(session: AsyncSession, org: Organization, sample: SamplePlan) -> Plan:
    """Store the parsed plan with the core services (used only while the importer has no store)."""
    parsed = sample.parsed
    info = parsed.plan
    plan = Plan(
        org_id=org.id, number=info.number, title=info.title or sample.path.stem, issuer=info.issuer,
        year=info.year, issued_on=info.issued_on, index_tags=list(info.index_tags),
        targets=list(parsed.targets), source_filename=sample.path.name,
        source_sha256=parsed.source_sha256,
    )
    session.add(plan)
    await session.flush()
    for position, item in enumerate(parsed.tasks):
        lead = await _units(session, org, item.lead)
        if not lead:
            continue
        task = await tasks.create_task(
            session, org, item.text, lead=lead,
            coordinate=await _units(session, org, item.coordinate),
            monitor=await _units(session, org, item.monitor),
            deadline=item.deadline,
            recurrence=Recurrence(item.recurrence) if item.recurrence and not item.deadline else None,
            timing_text=item.timing_text, actor="demo",
        )
        task.plan_id, task.position, task.ref, task.section = plan.id, position, item.ref, item.section
    await session.flush()
    return plan


async def _units(session: AsyncSession, org: Organization, names: list[str]) -> list[Unit]:
    found: list[Unit] = []
    for name in names:
        try:
            unit = await directory.find_unit(session, org, name)
        except DomainError:
            continue
        if unit not in found:
            found.append(unit)
    return found
