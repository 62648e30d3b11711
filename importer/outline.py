"""Paragraphs -> an outline tree, by the numbering styles the plan uses ("I.", "1.", "1.1.", "a)", "-").

A new marker style nests under the previous paragraph; a style seen before closes the levels
opened since. Unmarked paragraphs belong to the nearest heading. Section kinds say which parts
of a plan hold tasks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from importer.paragraphs import Para
from importer.roles import Roles, parse_label
from importer.textutil import fold, word_count
from importer.timing import Timing

_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("purpose", re.compile(r"^(?:muc dich|yeu cau|quan diem|muc dich,? yeu cau)\b")),
    # "Nội dung đợt thi đua", "Nội dung phong trào thi đua": what units compete on, not duties.
    ("targets", re.compile(r"^(?:muc tieu|chi tieu|cac chi tieu|noi dung (?:(?:dot|phong trao|cac) )?thi dua|"
                           r"chi tieu thi dua|cac muc tieu)\b")),
    ("org", re.compile(r"^(?:to chuc thuc hien|trach nhiem to chuc|to chuc trien khai|dieu khoan thi hanh)\b")),
    # "Các giai đoạn thực hiện": what each phase of a scheme brings, like its "lộ trình".
    ("timing", re.compile(r"^(?:thoi gian|tien do thuc hien|lo trinh|(?:cac )?giai doan (?:thuc hien|trien khai))\b")),
    # Last year's results and their causes: dates there are history, not duties.
    ("assessment", re.compile(
        r"^(?:ket qua (?:dat duoc|thuc hien|nam)|danh gia|tinh hinh|thuc trang|han che|ton tai|"
        r"nguyen nhan|bai hoc|khen thuong|doi tuong|tieu chi|hinh thuc|pham vi|can cu|co so|giai thich)\b"
    )),
    # How monitoring or evaluation is done ("Các bước đánh giá", "Phương pháp giám sát"): steps
    # of a method, not duties given out.
    ("method", re.compile(r"^(?:cac buoc|phuong phap|quy trinh|cach thuc) (?:danh gia|giam sat|thu thap)\b")),
    ("other", re.compile(
        r"^(?:kinh phi|nguon kinh phi|du toan|ket qua|dang ky|che do bao cao|thong tin bao cao|"
        r"bao cao ket qua|so luong|thu tuc)\b"
    )),
    ("tasks", re.compile(
        r"^(?:noi dung|nhiem vu|giai phap|cac nhiem vu|cac giai phap|ke hoach|chuong trinh|"
        r"hoat dong|danh muc|phan cong|trach nhiem|cong viec|cac hoat dong|de an|"
        r"phuong an (?:trien khai|thuc hien)|cach thuc (?:trien khai|thuc hien))\b"
    )),
)

_PART = re.compile(r"^(?:phan|chuong)\s+(?:thu\s+\w+|[ivx]+|\d+|[a-z])\s*[.:\-–]?\s*")


def section_kind(text: str) -> str | None:
    f = fold(text).strip(" .:")
    f = _PART.sub("", f)  # "PHẦN II. NHIỆM VỤ NĂM 2025", "Phần thứ nhất: ĐÁNH GIÁ ..."
    for kind, pattern in _KINDS:
        if pattern.match(f):
            return kind
    return None




@dataclass(eq=False)
class Node:
    para: Para | None
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    style: str | None = None
    label_family: str | None = None
    roles: Roles = field(default_factory=Roles)
    timing_text: str | None = None
    timing: Timing | None = None
    has_own_roles: bool = False
    # Facts derived from the finished tree (it is never changed after it is built), kept so
    # that a heading with thousands of items is not rescanned for each of them.
    memo: dict = field(default_factory=dict, repr=False)

    @property
    def text(self) -> str:
        return self.para.text if self.para else ""

    def ancestors(self):
        n = self.parent
        while n is not None:
            yield n
            n = n.parent


def _is_container(node: Node) -> bool:
    """Can unmarked paragraphs that follow belong under this node?"""
    p = node.para
    if p is None:
        return True
    if node.label_family is not None or p.group_row:
        return True
    if p.style in ("R", "A", "D") or (node.style or "").startswith("H") or p.caps:
        return True
    text = p.text.rstrip()
    if text.endswith(":"):
        return True
    if p.style and p.style.startswith("B"):
        return False
    return word_count(text) <= 20 and not re.search(r"[.;]$", text)


def build_tree(paras: list[Para]) -> Node:
    root = Node(None)
    stack: list[Node] = [root]
    in_table = False
    for p in paras:
        if p.furniture:
            continue
        if p.cells is not None:
            if p.group_row:
                _pop_to_style(stack, "T")
                node = Node(p, parent=stack[-1], style="T")
                stack[-1].children.append(node)
                stack.append(node)
            else:
                while len(stack) > 1 and not _is_container(stack[-1]):
                    stack.pop()
                stack[-1].children.append(Node(p, parent=stack[-1]))
            in_table = True
            continue
        if in_table:
            _pop_to_style(stack, "T")
            in_table = False
        label = parse_label(p.text) if p.style not in ("R", "A", "D") and not p.caps else None
        if label and label.family != "timing" and section_kind(label.label) not in (None, "tasks"):
            label = None  # "2. Nội dung thi đua:" heads targets, it is not a label
        if label and label.family == "role" and not label.value and (p.style in ("N1", "N1)") or (p.heading and p.style is None)):
            label = None  # "3. Trách nhiệm thực hiện" heads the units' own task lists
        style = p.style
        if style == "D":
            del stack[1:]  # an article of the decision starts at the top
        if style is None and (p.caps or p.heading) and not label:
            style = "H"
            if p.caps:
                del stack[1:]
        if style is None and p.bold and word_count(p.text) <= 15 and not label:
            style = "H"
            for n in reversed(stack[1:]):
                if n.style and n.style.startswith("H") and not (n.para and n.para.caps):
                    # Bold lines under a bold "Văn phòng Sở:" belong to it; otherwise siblings.
                    style = n.style + "+" if n.para and n.para.text.rstrip().endswith(":") else n.style
                    break
        if style is not None:
            _pop_to_style(stack, style)
            node = Node(p, parent=stack[-1], style=style, label_family=label.family if label else None)
            stack[-1].children.append(node)
            stack.append(node)
            continue
        # A role or timing line right after an item describes that item (or, see _owner,
        # the group the item closes); any other unmarked paragraph belongs to a heading.
        if not (label and label.family in ("role", "timing") and label.value):
            while len(stack) > 1 and not _is_container(stack[-1]):
                stack.pop()
        node = Node(p, parent=stack[-1], label_family=label.family if label else None)
        stack[-1].children.append(node)
        if label and not label.value:
            stack.append(node)  # "Trách nhiệm thực hiện:" owns the lines below it
    return root


def _pop_to_style(stack: list[Node], style: str) -> None:
    for i in range(len(stack) - 1, 0, -1):
        if stack[i].style == style:
            del stack[i:]
            return


