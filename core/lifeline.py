"""Worker processes end with the bot, however it ends.

The bot's helper processes (the importer's parse, the report workers) are spawned children.
A bot stopped cleanly stops them; one killed with `kill -9` cannot, and a child left behind
keeps the bot's stdout and stderr open (a supervisor waiting for them waits forever) and its
memory. Each child watches its parent and exits when the parent is gone.
"""

from __future__ import annotations

import os
import threading
import time

CHECK_EVERY = 1.0  # s


def exit_with_parent(parent_pid: int, check_every: float = CHECK_EVERY) -> None:
    """In a child: exit at once when `parent_pid` is no longer our parent (it died)."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(check_every)
        os._exit(0)  # nothing to clean up: the work was the parent's, and it is gone

    threading.Thread(target=watch, name="lifeline", daemon=True).start()
