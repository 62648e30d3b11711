"""What the app hands the channel adapters, defined here so bot/ need not import nhacviec/.

`ConfigError` is raised by whoever finds a bad or missing setting (the app's settings, or an
adapter checking its own); `Route` is a web route an adapter asks the app's one HTTP server
to serve (nhacviec/web.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any


class ConfigError(Exception):
    """A bad or missing setting; the message names the variable."""


@dataclass(frozen=True)
class Route:
    method: str  # "POST", "GET"
    path: str  # "/telegram/webhook"
    handler: Callable[[Any], Awaitable[Any]]  # an aiohttp handler: request -> response
