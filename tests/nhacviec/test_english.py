"""The web workspace in English: every text the pages write in Vietnamese has its English,
and the switch in the header changes the pages (the chat's labels included)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from nhacviec.web_i18n import EN
from tests.nhacviec.test_workspace_http import signed_in, world  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[2] / "nhacviec"
LITERAL = re.compile(r"""\b_\(\s*(["'])(.+?)\1\s*\)""")


def _template_texts() -> set[str]:
    return {m.group(2) for path in (ROOT / "web_templates").glob("*.html") for m in LITERAL.finditer(path.read_text())}


def _python_texts() -> set[str]:
    """Literals given to gettext(), message_page() and the pages' notice tables."""
    found: set[str] = set()
    for path in ROOT.glob("web*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                    "gettext", "message_page"):
                found |= {a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    for path in (ROOT / "workspace.py", ROOT / "web_imports.py", ROOT / "web_plans.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("message_page", "gettext"):
                found |= {a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") in ("_DONE", "_UPDATE_KINDS", "_REMINDER_KINDS",
                                                                             "_NOTICES", "NOT_SIGNED_IN", "BAD_FORM")
                                                    for t in node.targets):
                found |= {v.value for v in ast.walk(node.value) if isinstance(v, ast.Constant)
                          and isinstance(v.value, str) and re.search(r"[À-ỹ]", v.value)}
    return found


def test_every_text_of_the_pages_has_its_english():
    texts = _template_texts() | _python_texts()
    assert len(texts) > 100
    missing = sorted(t for t in texts if t not in EN)
    assert missing == []


async def test_the_header_switches_the_pages_to_english_and_back(world):  # noqa: F811
    async with await signed_in(world, "lan") as http:
        async with http.get("/web/tasks") as r:
            html = await r.text()
            assert '<html lang="vi">' in html and "Đăng xuất" in html
        async with http.get("/web/ngon-ngu/en", params={"tiep": f"/web/tasks/{world.late.id}"},
                            allow_redirects=False) as r:
            assert r.status == 303 and r.headers["Location"] == f"/web/tasks/{world.late.id}"
        async with http.get(f"/web/tasks/{world.late.id}") as r:
            html = await r.text()
        assert '<html lang="en">' in html and "Sign out" in html and "Open difficulties" in html
        assert "Overdue" in html and "Đăng xuất" not in html and "Quá hạn chưa hoàn thành" not in html
        async with http.get("/web/tasks") as r:
            html = await r.text()
        assert "Clear filters" in html and "days overdue" in html and "Tiếng Việt" in html
        async with http.get("/web/ngon-ngu/vi", params={"tiep": "https://evil.example/"}, allow_redirects=False) as r:
            assert r.headers["Location"] == "/web/tasks"  # never another site
        async with http.get("/web/tasks") as r:
            assert "Đăng xuất" in await r.text()
