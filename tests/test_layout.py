"""tests/ mirrors the packages: each folder of tests stands for a package folder of the code."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = {"tests/importer/fixtures", "tests/importer/real_plans", "tests/importer/real_plans/annotations"}


def test_every_test_folder_is_a_package_folder():
    strays = []
    for folder in sorted((ROOT / "tests").rglob("*")):
        if not folder.is_dir() or folder.name == "__pycache__":
            continue
        relative = folder.relative_to(ROOT).as_posix()
        if relative in DATA:
            continue
        package = ROOT / relative.removeprefix("tests/")
        if not (package / "__init__.py").exists():
            strays.append(relative)
    assert not strays, f"test folders that mirror no package: {strays}"
