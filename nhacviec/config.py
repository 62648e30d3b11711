"""Settings from the environment or `.env` (pydantic-settings).

The variable names are a public contract: other tools and tests rely on them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.ports import ConfigError


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="NHACVIEC_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str = "sqlite+aiosqlite:///nhacviec.db"
    timezone: str = "Asia/Ho_Chi_Minh"
    language: Literal["vi", "en"] = "vi"

    telegram_token: str | None = None
    telegram_api_url: str = "https://api.telegram.org"
    # For invite deep links (t.me/<bot>?start=CODE); asked from getMe when unset.
    telegram_bot_username: str | None = None
    zalo_token: str | None = None
    zalo_api_url: str = "https://bot-api.zaloplatforms.com"

    # Zalo Official Account (instead of a Zalo bot), for organizations with a verified OA.
    zalo_oa_app_id: str | None = None
    zalo_oa_app_secret: str | None = None
    zalo_oa_secret_key: str | None = None
    zalo_oa_refresh_token: str | None = None
    zalo_oa_api_url: str = "https://openapi.zalo.me"
    zalo_oa_oauth_url: str = "https://oauth.zaloapp.com"

    public_url: str | None = None  # https base the platforms reach; unset means polling
    # Base of the calendar feeds' links (may be an intranet http:// address); else public_url.
    calendar_url: str | None = None
    # Base of the web workspace's sign-in links; else the calendar's, else the public URL.
    web_url: str | None = None
    listen: str = "0.0.0.0:8080"
    webhook_secret: str | None = None

    # Seconds between dispatcher sweeps of the reminder outbox.
    sweep_interval: float = 20.0
    # Seconds without a heartbeat before other instances take a dispatcher's claimed reminders.
    claim_timeout: float = 30.0
    # Global send rate per channel (messages per second).
    telegram_rate: float = 30.0
    # Seconds to wait for the Bot API's answer; a later answer counts as possibly delivered.
    telegram_read_timeout: float = 30.0
    zalo_rate: float = 10.0

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, v: str) -> str:
        if not v.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///FILE or postgresql+asyncpg://USER:PASS@HOST/DB")
        return v

    @field_validator("claim_timeout", "sweep_interval", "telegram_read_timeout")
    @classmethod
    def _positive(cls, v: float) -> float:
        if not v > 0:
            raise ValueError("must be a number of seconds above 0")
        return v

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {v!r}") from exc
        return v

    @field_validator("listen")
    @classmethod
    def _host_port(cls, v: str) -> str:
        host, sep, port = v.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError("expected HOST:PORT, e.g. 0.0.0.0:8080")
        return v

    @field_validator("public_url", "calendar_url", "web_url")
    @classmethod
    def _https(cls, v: str | None) -> str | None:
        if v in (None, ""):
            return None
        if not v.startswith(("https://", "http://")):
            raise ValueError("expected an https:// URL")
        return v.rstrip("/")

    @field_validator("telegram_api_url", "zalo_api_url")
    @classmethod
    def _strip_slash(cls, v: str) -> str:
        return v.rstrip("/")

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def listen_host(self) -> str:
        return self.listen.rpartition(":")[0]

    @property
    def listen_port(self) -> int:
        return int(self.listen.rpartition(":")[2])

    @property
    def calendar_base(self) -> str | None:
        """Where calendar apps reach the feeds: NHACVIEC_CALENDAR_URL, else NHACVIEC_PUBLIC_URL."""
        return self.calendar_url or self.public_url

    @property
    def web_base(self) -> str:
        """Where people open the web workspace: NHACVIEC_WEB_URL, else the calendar's or the
        public URL, else this machine's port (fine on the server itself, or behind a proxy)."""
        return (self.web_url or self.calendar_base or f"http://localhost:{self.listen_port}").rstrip("/")

    @property
    def webhook_mode(self) -> bool:
        return self.public_url is not None


def load_settings(**overrides) -> Settings:
    """Build settings, turning validation errors into one line naming the variable."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = str(err["loc"][0]) if err["loc"] else "?"
        raise ConfigError(f"NHACVIEC_{field.upper()}: {err['msg']}") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
