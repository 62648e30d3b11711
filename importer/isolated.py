"""Parse a plan file in a child process with a time and memory budget.

The bot's event loop must keep sending reminders while someone sends a 300-page PDF or a
hostile file, so the chat never parses in its own process: a fresh child (spawned, so it
shares no threads or sockets with the bot) parses under an address-space limit, and is
killed when its time is up. What comes back is the same `ParseResult` as `parse_bytes`, or
an `ImportFailure` with one clear message.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import traceback
from dataclasses import dataclass

from importer.errors import ImportFailure
from importer.result import ParseResult


@dataclass(frozen=True)
class ParseBudget:
    seconds: float = 60.0
    memory_mb: int = 2048


DEFAULT_BUDGET = ParseBudget()


def _preload_readers() -> None:
    """Load the readers' libraries before the limit: the budget is for the file, and a
    library that cannot map itself would look like a damaged file."""
    import docx  # noqa: F401
    import openpyxl  # noqa: F401
    import pdfplumber  # noqa: F401
    import pypdfium2  # noqa: F401

    import importer.parse  # noqa: F401


def _child(conn, data: bytes, filename: str, memory_mb: int, parent_pid: int) -> None:
    from core.lifeline import exit_with_parent

    exit_with_parent(parent_pid)  # the bot killed with -9: stop parsing for nobody
    _preload_readers()
    try:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # not on this platform: the time budget still holds
        pass
    try:
        from importer.parse import parse_bytes

        result = parse_bytes(data, filename)
        conn.send(("ok", result.model_dump_json(), None))
    except ImportFailure as exc:
        if _caused_by_memory(exc):  # readers call any failure inside a library a damaged file
            conn.send(("memory", None, None))
        else:
            conn.send(("refused", exc.code, exc.params))
    except MemoryError:
        conn.send(("memory", None, None))
    except Exception:  # a parser bug: report it as a refusal, never crash the caller
        conn.send(("bug", traceback.format_exc(limit=5), None))
    finally:
        conn.close()


def _caused_by_memory(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        # lxml reports a failed allocation as a syntax error ("Memory allocation failed").
        if isinstance(seen, MemoryError) or "memory" in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def parse_in_child(data: bytes, filename: str, budget: ParseBudget = DEFAULT_BUDGET) -> ParseResult:
    """Blocking: spawn, wait at most `budget.seconds`, kill if needed. Raises ImportFailure."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, data, filename, budget.memory_mb, os.getpid()), daemon=True)
    child.start()
    send.close()
    try:
        message = receive.recv() if receive.poll(budget.seconds) else None
    except EOFError:  # the child died without a word (killed by the memory limit, a crash)
        message = ("memory", None, None)
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if message is None:
        raise ImportFailure("too_slow", name=filename, seconds=f"{budget.seconds:g}")
    kind, payload, params = message
    if kind == "ok":
        return ParseResult.model_validate_json(payload)
    if kind == "refused":
        raise ImportFailure(payload, **(params or {}))
    if kind == "memory":
        raise ImportFailure("too_complex", name=filename)
    raise ImportFailure("unreadable", name=filename)


async def parse_isolated(data: bytes, filename: str, budget: ParseBudget = DEFAULT_BUDGET) -> ParseResult:
    """The event loop only waits: the child parses, a worker thread watches it."""
    return await asyncio.to_thread(parse_in_child, data, filename, budget)
