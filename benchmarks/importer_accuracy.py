"""Benchmark (not a test): how well the importer reads plans, per document and overall.

    /work/venv/bin/python benchmarks/importer_accuracy.py [-v]

Over the invented fixture plans (tests/importer/fixtures, expectations written by hand):
tasks found, tasks with the right lead units (resolved in the sample directory, as an
import stores them) and tasks with the right deadline. Targets: >= 90 %, >= 90 %, >= 95 %.

When ../shared/seeds exists, the five seed plans are read too, against the task counts and
the dated tasks their tests pin (tests/importer/test_seeds.py); the seeds' own wording is
never copied here. -v lists every miss; -a lists the variants one by one
(each plain-text fixture rendered as a text export at 60, 80 and 100 columns, as a Word file
and as a PDF).

When ../shared/plans exists, the real published plans annotated by hand
(tests/importer/real_plans) are scored too, per document: recall (tasks found), precision
(extracted items that are real tasks), right lead and right deadline (shares of the tasks
found). Only the dev set is printed unless --heldout is given: the held-out third was kept
unread as the estimate for an unseen plan until round 6 (docs/importer.md, round 8). --pdf adds the signed
PDFs (04-12) read as PDFs. --real prints only the real plans. --exports reads the plain
text-layer plans as departments may pass them on: a PDF converted to Word (a paragraph per
printed line) and a text export wrapped at 80 columns with the motto atop each page, and
the web copies saved without their bold and italics.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from importer import parse_bytes  # noqa: E402
from nhacviec.catalogs import declare_catalogs  # noqa: E402
from tests.importer.fixtures.scoring import (  # noqa: E402
    Score,
    all_fixtures,
    rendered_variants,
    score_fixture,
    wrapped_variants,
)

declare_catalogs()  # where the texts are, as the CLI says at start

SEEDS = ROOT.parent / "shared" / "seeds"
# prefix -> (tasks in the plan, tasks with a stated deadline, tasks with a lead named by the plan)
SEED_COUNTS = {"000": (13, 0, 13), "001": (4, 4, 1), "002": (25, 1, 25), "003": (24, 0, 19), "004": (9, 0, 9)}


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f} %" if d else "   -  "


def _row(s: Score) -> str:
    return (
        f"{s.name:26} {s.expected:4} {s.found:5} {_pct(s.found, s.expected)}  {_pct(s.lead_ok, s.expected)}"
        f"  {_pct(s.deadline_ok, s.expected)}  {s.extra:5}"
    )


_FIELDS = ("expected", "found", "lead_ok", "deadline_ok", "extra")


def _report(fixtures, label: str, verbose: bool, show: bool) -> Score:
    total = Score(label)
    for fx in fixtures:
        s = score_fixture(fx)
        if show or s.misses:
            print(_row(s))
        if verbose:
            for miss in s.misses:
                print("    " + miss)
        for attr in _FIELDS:
            setattr(total, attr, getattr(total, attr) + getattr(s, attr))
    print(_row(total))
    return total


def _real_row(name: str, s) -> str:
    return (
        f"{name:26} {s.expected:4} {s.extracted:5} {100 * s.recall:6.1f} % {100 * s.precision:6.1f} %"
        f" {100 * s.lead:6.1f} % {100 * s.deadline:6.1f} %"
    )


def real_plans(verbose: bool, heldout: bool, pdf: bool) -> None:
    from tests.importer.real_plans.scoring import PLANS_DIR, Score, load_all, score_annotation

    if not PLANS_DIR.is_dir():
        print("(../shared/plans not found: real plans skipped)")
        return
    sets = ["dev", "heldout"] if heldout else ["dev"]
    print(f"{'real plan':26} {'exp':>4} {'got':>5} {'recall':>8} {'precis.':>8} {'lead':>8} {'deadline':>8}")
    for which in sets:
        total = Score(which)
        pdf_total = Score(f"{which}, as PDF")
        for ann in load_all(which):
            s = score_annotation(ann)
            total.add(s)
            print(_real_row(f"{ann.number} {ann.document[3:19]}", s))
            if verbose:
                for miss in s.misses:
                    print("    " + miss)
            if pdf and ann.pdf_path:
                ps = score_annotation(ann, pdf=True)
                pdf_total.add(ps)
                print(_real_row(f"{ann.number} (pdf)", ps))
                if verbose:
                    for miss in ps.misses:
                        print("    " + miss)
        print(_real_row(f"== {which} ({len(load_all(which))} plans)", total))
        if pdf:
            print(_real_row(f"== {which}, signed PDFs", pdf_total))


def real_exports(verbose: bool, heldout: bool) -> None:
    """The text-layer plans as a PDF converted to Word and as a wrapped text export."""
    from tests.importer.real_plans.scoring import (
        EXPORTS,
        PLANS_DIR,
        Score,
        load_all,
        score_annotation,
        score_exports,
        score_without_markup,
    )

    if not PLANS_DIR.is_dir():
        return
    print(f"{'plan, condition':26} {'exp':>4} {'got':>5} {'recall':>8} {'precis.':>8} {'lead':>8} {'deadline':>8}")
    for which in ["dev", "heldout"] if heldout else ["dev"]:
        totals = {label: Score(label) for label in ("as published", *EXPORTS)}
        for ann in load_all(which):
            exports = score_exports(ann)
            if not exports:
                continue
            totals["as published"].add(score_annotation(ann))
            for label, s in exports.items():
                totals[label].add(s)
                print(_real_row(s.name, s))
                if verbose:
                    for miss in s.misses:
                        print("    " + miss)
        for label, s in totals.items():
            print(_real_row(f"== {which}, {label}", s))
        web, bare = Score(f"{which}, web copies"), Score(f"{which}, web, no markup")
        for ann in load_all(which):
            s = score_without_markup(ann)
            if s is None:
                continue
            web.add(score_annotation(ann))
            bare.add(s)
            if verbose:
                print(_real_row(s.name, s))
        print(_real_row(f"== {which}, web copies", web))
        print(_real_row(f"== {which}, web, no markup", bare))


def main() -> None:
    verbose = "-v" in sys.argv
    warnings.simplefilter("ignore")
    if "--exports" in sys.argv:
        real_exports(verbose, "--heldout" in sys.argv)
        return
    if "--real" in sys.argv:
        real_plans(verbose, "--heldout" in sys.argv, "--pdf" in sys.argv)
        return
    print(f"{'document':26} {'exp':>4} {'found':>5} {'%':>7}  {'lead':>7}  {'deadline':>7}  extra")
    total = _report(all_fixtures(), "overall", verbose, show=True)
    wrapped = _report(wrapped_variants(), "text exports (wrapped)", verbose, show="-a" in sys.argv)
    rendered = _report(rendered_variants(), "as Word and PDF", verbose, show="-a" in sys.argv)
    print(_row(Score("all", *(sum(getattr(x, a) for x in (total, wrapped, rendered)) for a in _FIELDS))))
    if not SEEDS.is_dir():
        return
    print()
    print(f"{'seed':26} {'tasks exp/got':>14} {'dated exp/got':>14} {'with lead exp/got':>18}")
    for prefix, (n_tasks, n_dated, n_lead) in SEED_COUNTS.items():
        path = next(SEEDS.glob(f"{prefix}_*.txt"), None)
        if path is None:
            continue
        r = parse_bytes(path.read_bytes(), path.name)
        dated = sum(1 for t in r.tasks if t.deadline)
        led = sum(1 for t in r.tasks if t.lead)
        print(f"{path.name:26} {n_tasks:>6}/{len(r.tasks):<7} {n_dated:>6}/{dated:<7} {n_lead:>9}/{led:<8}")
    print()
    real_plans(verbose, "--heldout" in sys.argv, "--pdf" in sys.argv)


if __name__ == "__main__":
    main()
