"""Reading the terminal's phone frames back, so tests check who saw what."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEAD = re.compile(r"^┌─ 📱 (?P<who>.+?) ─+$")


@dataclass
class Frame:
    who: str  # "Lê Thị Mai (Thanh tra Sở)"
    text: str

    def said(self, words: str) -> bool:
        return words in self.text


def frames(output: str) -> list[Frame]:
    found: list[Frame] = []
    current: Frame | None = None
    for line in output.splitlines():
        head = _HEAD.match(line)
        if head:
            current = Frame(head.group("who"), "")
            continue
        if current is None:
            continue
        if line.startswith("└"):
            found.append(current)
            current = None
        elif line.startswith("│"):
            current.text += line[2:] + "\n"
    return found


def frames_of(output: str, name: str) -> list[Frame]:
    return [f for f in frames(output) if f.who.startswith(name)]
