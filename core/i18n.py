"""Message catalogs: Vietnamese (default) and English.

Each area keeps its texts beside its code in a plain dict named `TEXTS`
(key -> {"vi": ..., "en": ...}); importing a module registers nothing. Where the
catalogs are is said once, by the program: `declare({"conv": ("conversation.texts",),
...})` maps each key's first word to the modules holding such keys
(`nhacviec/catalogs.py` is that table). A key is looked up in its modules the first time
it is asked for, so a command line that prints three texts loads three small catalogs, not
the whole program.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_catalog: dict[str, dict[str, str]] = {}
_sources: dict[str, tuple[str, ...]] = {}  # key prefix -> modules whose TEXTS hold such keys
_loaded: set[str] = set()


def declare(sources: Mapping[str, Iterable[str]]) -> None:
    """Say which modules hold the keys starting with each prefix ("conv" for "conv.done")."""
    for prefix, modules in sources.items():
        _sources[prefix] = tuple(dict.fromkeys((*_sources.get(prefix, ()), *modules)))


def declared() -> dict[str, tuple[str, ...]]:
    """The declared table, for a worker process to declare the same."""
    return dict(_sources)


def register(catalog: Mapping[str, Mapping[str, str]]) -> None:
    for key, texts in catalog.items():
        if "vi" not in texts:
            raise ValueError(f"text {key!r} has no Vietnamese version")
        existing = _catalog.get(key)
        if existing is not None and existing != dict(texts):
            raise ValueError(f"text key {key!r} registered twice with different texts")
        _catalog[key] = dict(texts)


def _find(key: str) -> dict[str, str] | None:
    texts = _catalog.get(key)
    if texts is not None:
        return texts
    for module in _sources.get(key.split(".", 1)[0], ()):
        if module not in _loaded:
            register(importlib.import_module(module).TEXTS)
            _loaded.add(module)
            if key in _catalog:
                return _catalog[key]
    return None


def t(key: str, lang: str | None = None, /, **params: object) -> str:
    """The text for `key` in `lang` (falls back to Vietnamese), formatted with params."""
    texts = _find(key)
    if texts is None:
        searched = _sources.get(key.split(".", 1)[0])
        where = f"searched {', '.join(searched)}" if searched else "no catalog declared for its prefix"
        raise KeyError(f"no text for {key!r} ({where})")
    template = texts.get(lang or DEFAULT_LANGUAGE) or texts["vi"]
    return template.format(**params) if params else template


def has(key: str) -> bool:
    return _find(key) is not None
