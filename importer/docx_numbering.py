"""Word auto-numbering: python-docx gives paragraph text without "1.", "a)" or bullets.

We rebuild the visible marker from numbering.xml so the parser sees what a reader sees.
"""

from __future__ import annotations

from docx.oxml.ns import qn

_BULLETS_BY_LEVEL = ("-", "+", "•", "-", "+", "•", "-", "+", "•")


def _roman(n: int) -> str:
    vals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out


def _letter(n: int) -> str:
    letters = "abcdeghiklmnopqrstuvxy"  # Vietnamese documents skip f, j, w, z
    return letters[(n - 1) % len(letters)]


def _fmt(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    return str(n)


class DocxNumbering:
    def __init__(self, document) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.num_to_abstract: dict[str, str] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        for absnum in root.findall(qn("w:abstractNum")):
            aid = absnum.get(qn("w:abstractNumId"))
            for lvl in absnum.findall(qn("w:lvl")):
                ilvl = int(lvl.get(qn("w:ilvl")) or 0)
                fmt_el = lvl.find(qn("w:numFmt"))
                text_el = lvl.find(qn("w:lvlText"))
                start_el = lvl.find(qn("w:start"))
                fmt = fmt_el.get(qn("w:val")) if fmt_el is not None else "decimal"
                text = text_el.get(qn("w:val")) if text_el is not None else f"%{ilvl + 1}."
                start = int(start_el.get(qn("w:val"))) if start_el is not None else 1
                self.levels[(aid, ilvl)] = (fmt or "decimal", text or "", start)
        for num in root.findall(qn("w:num")):
            abs_el = num.find(qn("w:abstractNumId"))
            if abs_el is not None:
                self.num_to_abstract[num.get(qn("w:numId"))] = abs_el.get(qn("w:val"))

    def _num_pr(self, paragraph, style):
        ppr = paragraph._p.pPr
        if ppr is not None and ppr.numPr is not None:
            return ppr.numPr
        while style is not None:
            sppr = style.element.pPr
            if sppr is not None and sppr.numPr is not None:
                return sppr.numPr
            style = style.base_style
        return None

    def marker(self, paragraph, style) -> str | None:
        if not self.levels:
            return None
        num_pr = self._num_pr(paragraph, style)
        if num_pr is None or num_pr.numId is None:
            return None
        num_id = str(num_pr.numId.val)
        ilvl = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        aid = self.num_to_abstract.get(num_id)
        if aid is None or (aid, ilvl) not in self.levels:
            return None
        fmt, text, start = self.levels[(aid, ilvl)]
        if fmt == "none":
            return None
        if fmt == "bullet":
            return _BULLETS_BY_LEVEL[ilvl % len(_BULLETS_BY_LEVEL)]
        counts = self.counters.setdefault(aid, [0] * 9)
        if counts[ilvl] == 0:
            counts[ilvl] = start - 1
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        out = text
        for lvl in range(ilvl + 1):
            lfmt, _, lstart = self.levels.get((aid, lvl), ("decimal", "", 1))
            value = counts[lvl] or lstart
            out = out.replace(f"%{lvl + 1}", _fmt(value, lfmt))
        return out.strip() or None
