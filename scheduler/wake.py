"""Waking a dispatcher of this process after work was queued for now.

The runner registers its `wake` here; a service calls `wake_dispatcher()` after committing.
Other processes hear about it through PostgreSQL's NOTIFY on `NOTIFY_CHANNEL`.
"""

from __future__ import annotations

from collections.abc import Callable

# PostgreSQL NOTIFY channel: dispatchers in other processes LISTEN and sweep at once.
NOTIFY_CHANNEL = "nhacviec_reminders"

_wake_listeners: list[Callable[[], None]] = []


def add_wake_listener(callback: Callable[[], None]) -> None:
    """The runner registers here to hear about work queued for now."""
    _wake_listeners.append(callback)


def remove_wake_listener(callback: Callable[[], None]) -> None:
    if callback in _wake_listeners:
        _wake_listeners.remove(callback)


def wake_dispatcher() -> None:
    """Ask any dispatcher running in this process to sweep now (call after committing)."""
    for callback in list(_wake_listeners):
        callback()
