"""Benchmark: the start-up of the command line.

Times `nhacviec org list`, then `nhacviec plan list`, on a fresh SQLite database (migrated
by a first, uncounted run) each against a bare `python -c "import sqlalchemy"`, each in a new
process, in turn (A B A B ...), and prints the medians and the ratio. Also
prints which of the heavy packages (matplotlib, the importer, the reports,
the channels, Alembic) the command loaded: it should be none of them.

    python benchmarks/bench_cli.py [--runs 9]

The goal: the ratio at most 3. On a shared machine, the figures of
`farm-bench -n 9 --vs "python -c 'import sqlalchemy'" -- nhacviec org list`
(run with NHACVIEC_DATABASE_URL set) are steadier.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("matplotlib", "importer", "reports", "telegram", "bot", "docx", "openpyxl", "alembic", "apscheduler")
GOAL = 3.0


def _time(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


COMMANDS = (["org", "list"], ["plan", "list", "bench"])  # plan list: apart from the importer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "NHACVIEC_DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/bench.db"}
        bare = [sys.executable, "-c", "import sqlalchemy"]
        # Creates and migrates the database, and the organization plan list names; not counted.
        _time([sys.executable, "-m", "nhacviec.cli", "org", "create", "Sở Đo", "--slug", "bench"], env)
        _time(bare, env)
        for command in COMMANDS:
            cli = [sys.executable, "-m", "nhacviec.cli", *command]
            pairs = [(_time(cli, env), _time(bare, env)) for _ in range(args.runs)]
            probe = (
                f"import sys; from nhacviec.cli import main; main({command!r}); "
                f"print('loaded:', *sorted({{m.split('.')[0] for m in sys.modules}} & set({list(HEAVY)!r})))"
            )
            out = subprocess.run([sys.executable, "-c", probe], env=env, cwd=ROOT, check=True,
                                 capture_output=True, text=True).stdout
            loaded = next(line for line in out.splitlines() if line.startswith("loaded:")).split()[1:]
            results.append((command, pairs, loaded))
    for command, pairs, loaded in results:
        name = "nhacviec " + " ".join(command[:2])
        cli_s = statistics.median(a for a, _ in pairs)
        bare_s = statistics.median(b for _, b in pairs)
        ratio = statistics.median(a / b for a, b in pairs)
        print(f"{name:24s} median {cli_s * 1000:7.0f} ms  ({args.runs} runs)")
        print(f"python -c 'import sqlalchemy' median {bare_s * 1000:7.0f} ms")
        print(f"ratio (median of pairs)  {ratio:.2f}x  (goal <= {GOAL:.0f}x: {'met' if ratio <= GOAL else 'NOT met'})")
        print(f"heavy packages loaded: {' '.join(loaded) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
