"""The image's build context: what the Dockerfile copies is in it, the virtual environment and
secrets are not. Docker's matching is mirrored for the patterns .dockerignore uses (no daemon
is needed)."""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _patterns() -> list[tuple[bool, str]]:
    rules = []
    for line in (ROOT / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        rules.append((negate, line.lstrip("!").strip("/")))
    return rules


def _match(pattern: str, path: str) -> bool:
    """Docker's rule: a pattern matching the path or one of its parent directories; `*` stays
    within one path segment; a leading `**/` matches in any directory."""
    parts = path.split("/")
    for i in range(len(parts)):
        prefix = "/".join(parts[: i + 1])
        if pattern.startswith("**/"):
            if fnmatch.fnmatchcase(parts[i], pattern[3:]):
                return True
        elif prefix.count("/") == pattern.count("/") and fnmatch.fnmatchcase(prefix, pattern):
            return True
    return False


def excluded(path: str, rules: list[tuple[bool, str]]) -> bool:
    out = False
    for negate, pattern in rules:  # the last matching rule wins
        if _match(pattern, path):
            out = not negate
    return out


def test_matcher_follows_dockers_rules():
    rules = [(False, ".venv"), (False, "**/__pycache__"), (False, ".env"), (False, ".env.*"),
             (True, ".env.example"), (False, "*.db")]
    assert excluded(".venv/lib/python3.11/site.py", rules)
    assert excluded("core/__pycache__/status.cpython-311.pyc", rules)
    assert excluded(".env", rules) and excluded(".env.local", rules) and not excluded(".env.example", rules)
    assert excluded("nhacviec.db", rules) and not excluded("data/nhacviec.db", rules)
    assert not excluded("core/status.py", rules) and not excluded("venvx/a", rules)


def test_build_context_holds_what_the_dockerfile_copies_and_nothing_heavy_or_secret():
    rules = _patterns()
    copied = []
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        m = re.match(r"\s*COPY\s+(?!--from)(.+)\s+\S+\s*$", line)
        if m:
            copied += m.group(1).split()
    assert {"pyproject.toml", "README.md", "nhacviec", "core", "migrations"} <= set(copied)
    for source in copied:
        assert (ROOT / source).exists(), source
        assert not excluded(source, rules), f"{source} is copied by the Dockerfile but ignored"
        for file in (ROOT / source).rglob("*.py") if (ROOT / source).is_dir() else []:
            rel = file.relative_to(ROOT).as_posix()
            if "__pycache__" not in rel:
                assert not excluded(rel, rules), rel
    for path in (".venv/bin/python", ".venv/lib/x/site-packages/a.py", ".git/HEAD", ".env", "nhacviec.db",
                 "tests/conftest.py", "benchmarks/bench_import.py", "core/__pycache__/x.pyc",
                 "nhacviec.egg-info/PKG-INFO", ".pytest_cache/v/x", "demo-output/a.png"):
        assert excluded(path, rules), path
