"""The one exception the importer raises: a refusal with a clear message."""

from __future__ import annotations

from core.errors import DomainError
from importer.texts import tr


class ImportFailure(DomainError):
    """A file that cannot be imported. Nothing was stored."""

    def __init__(self, code: str, message_vi: str | None = None, **params: object) -> None:
        self.params = params
        self.key = f"importer.err.{code}"
        message = message_vi or tr(self.key, "vi", **params)
        super().__init__(message, code)

    def message_in(self, lang: str = "vi") -> str:
        return tr(self.key, lang, **self.params) if not lang.startswith("vi") else self.message
