"""Text catalogs are declared in one table (nhacviec/catalogs.py), and no import registers one."""

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core import i18n
from nhacviec.catalogs import CATALOGS

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("models", "core", "scheduler", "importer", "services", "conversation", "reports", "bot", "nhacviec")


def _modules() -> list[str]:
    return sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for package in PACKAGES for path in (ROOT / package).rglob("*.py")
    )


def _has_texts(module: str) -> bool:
    path = ROOT / (module.replace(".", "/") + ".py")
    if not path.exists():
        path = ROOT / module.replace(".", "/") / "__init__.py"
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        if any(isinstance(target, ast.Name) and target.id == "TEXTS" for target in targets):
            return True
    return False


CATALOG_MODULES = [module for module in _modules() if _has_texts(module)]


def test_the_modules_with_texts_were_found():
    assert {"core.labels", "conversation.texts", "scheduler.texts", "importer.texts",
            "bot.telegram.texts", "nhacviec.demo.texts"} <= set(CATALOG_MODULES)


@pytest.mark.parametrize("module", CATALOG_MODULES)
def test_every_catalog_is_declared_under_each_of_its_prefixes(module):
    prefixes = {key.split(".", 1)[0] for key in importlib.import_module(module).TEXTS}
    undeclared = sorted(prefix for prefix in prefixes if module not in CATALOGS.get(prefix, ()))
    assert not undeclared, f"{module}: add it to nhacviec/catalogs.py under {undeclared}"


def test_every_declared_module_holds_keys_of_its_prefix():
    for prefix, modules in CATALOGS.items():
        for module in modules:
            keys = importlib.import_module(module).TEXTS
            assert any(key.split(".", 1)[0] == prefix for key in keys), (prefix, module)


def test_a_key_is_found_in_any_of_its_prefixes_modules():
    assert i18n.t("cli.bad_id", "en", value=0, max=9).startswith("Error")
    assert i18n.t("cal.kind.holiday", "en") == "public holiday"  # the second of "cal"'s modules
    with pytest.raises(KeyError, match="no catalog declared"):
        i18n.t("nosuchprefix.key")
    with pytest.raises(KeyError, match=re.escape("searched conversation.texts")):
        i18n.t("conv.no_such_text")


def test_importing_every_module_registers_no_text():
    """Loading a module has no side effect on the catalog: only a looked-up key loads one."""
    probe = (
        "import importlib, sys\n"
        f"for name in {_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "from core import i18n\n"
        "print(len(i18n._catalog))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "0"
