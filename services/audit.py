"""The audit log: who changed what."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from models import AuditLog


async def audit(
    session: AsyncSession,
    org_id: int | None,
    actor: str,
    action: str,
    entity: str | None = None,
    entity_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditLog(
            org_id=org_id,
            actor=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            details=details or {},
        )
    )
