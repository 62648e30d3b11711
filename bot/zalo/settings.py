"""The settings the Zalo adapters read (nhacviec.config.Settings has them all): the adapters
depend on this shape, not on the app's configuration module."""

from __future__ import annotations

from typing import Protocol


class ZaloSettings(Protocol):
    zalo_token: str | None
    zalo_api_url: str
    zalo_rate: float
    public_url: str | None
    webhook_secret: str | None
    language: str

    @property
    def webhook_mode(self) -> bool: ...
