"""Message catalogs: Vietnamese (default) and English.

Each area keeps its own catalog (a dict of key -> {"vi": ..., "en": ...}) and
registers it here, so modules do not fight over one big file.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_catalog: dict[str, dict[str, str]] = {}


def register(catalog: Mapping[str, Mapping[str, str]]) -> None:
    for key, texts in catalog.items():
        if "vi" not in texts:
            raise ValueError(f"text {key!r} has no Vietnamese version")
        existing = _catalog.get(key)
        if existing is not None and existing != dict(texts):
            raise ValueError(f"text key {key!r} registered twice with different texts")
        _catalog[key] = dict(texts)


def t(key: str, lang: str | None = None, /, **params: object) -> str:
    """The text for `key` in `lang` (falls back to Vietnamese), formatted with params."""
    texts = _catalog.get(key)
    if texts is None:
        raise KeyError(f"no text registered for {key!r}")
    template = texts.get(lang or DEFAULT_LANGUAGE) or texts["vi"]
    return template.format(**params) if params else template


def has(key: str) -> bool:
    return key in _catalog
