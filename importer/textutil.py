"""Small text helpers shared by the importer: diacritics folding and cleanup."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_MD_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(?=\S)|(?<=\S)(\*{1,3}|_{2,3})")
_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200b\u202f\u3000]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase ASCII form: no diacritics, đ -> d. Used for matching, never shown."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.lower()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


_MARKUP_CHARS = re.compile(r"[*_#<\[\\]")


def strip_markup(text: str) -> str:
    """Drop markdown emphasis, heading hashes and links; collapse spaces."""
    if not _MARKUP_CHARS.search(text):
        return _SPACES.sub(" ", text).strip()
    text = re.sub(r"^\s*#{1,6}\s*", "", text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\((?:https?://[^)]+)\)", r"\1", text)
    text = _MD_EMPHASIS.sub("", text)
    # A lone "*" or "_" left from emphasis split across lines.
    text = re.sub(r"(?<!\S)[*_]+(?=\S)|(?<=\S)[*_]+(?!\S)", "", text)
    text = text.replace("\\", "")
    return _SPACES.sub(" ", text).strip()


def clean_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def is_upper_text(text: str) -> bool:
    """True when every letter is uppercase and there are enough of them, in words: a list of
    codes and formulas ("N-NO3-, P-PO43-, H2S, TSS") is capitals but not a line of words."""
    if not (text.isupper() and len(text.strip()) >= 3):
        return False
    tokens = [t.strip(".,;:()[]*\"'“”-–") for t in text.split()]
    tokens = [t for t in tokens if t]
    return sum(1 for t in tokens if t.isalpha()) * 2 > len(tokens)


def word_count(text: str) -> int:
    return len(text.split())


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    f = fold(c)
    return f[0] if f else c


@lru_cache(maxsize=16384)
def fold_aligned(text: str) -> str:
    """Like fold() but one output char per input char, so spans map back to the original."""
    return "".join(_fold_char(c) for c in text)


_APPENDIX_LABEL = re.compile(r"^phu luc(?:\s+(?:[ivx]{1,5}|\d{1,2}[a-z]?))?$")


def is_appendix_label(text: str) -> bool:
    """ "Phụ lục II", "PHỤ LỤC": a line that starts the next appendix and nothing else."""
    return bool(_APPENDIX_LABEL.match(fold(strip_markup(text)).strip(" .:")))
