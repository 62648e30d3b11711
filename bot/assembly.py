"""One assembly point: the messenger with its channels, and the conversation with its
digest and report providers. `nhacviec run`, `nhacviec chat`, the demo and `digest --send`
all build their parts here, so none of them lacks what another has (the terminal chat and
the demo had no plan reports before)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from conversation import Conversation
from core.channel import Channel
from core.messenger import Messenger
from core.pacing import Pacer


@dataclass
class Parts:
    messenger: Messenger
    conversation: Conversation | None


def assemble(sessionmaker, settings: Any, clock, channels: Iterable[Channel] = (), *,
             conversation: bool = True) -> Parts:
    """`conversation=False` for a send-only command (no one talks to it)."""
    from reports.delivery import make_digest_provider
    from reports.report_files import make_report_provider

    rates = {"telegram": getattr(settings, "telegram_rate", 30.0), "zalo": getattr(settings, "zalo_rate", 10.0)}
    messenger = Messenger(sessionmaker, Pacer(rates))
    for channel in channels:
        messenger.register(channel)
    talk = None
    if conversation:
        talk = Conversation(
            sessionmaker, messenger, clock, settings,
            digest_provider=make_digest_provider(sessionmaker, messenger, clock, settings),
            report_provider=make_report_provider(sessionmaker, settings, clock),
        )
    return Parts(messenger, talk)
