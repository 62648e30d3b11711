"""Paragraphs -> plan, targets and tasks with units and timing. Pure and synchronous.

The outline tree is walked with the kind of section each node sits in (purpose, targets,
tasks, organisation ...). In task sections every item is a task; elsewhere only a dated
duty or a "Giao ..." sentence is. Role and timing lines are attached to the node they
describe (a block, or one item) and tasks take the nearest ones up the tree.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from importer.bodies import BODY_START as _BODY_START
from importer.bodies import heading_bodies
from importer.document import Document
from importer.errors import ImportFailure
from importer.extract import extract
from importer.flags import task_flags
from importer.header import INDEX_TAGS, Header, guess_year, parse_header, template_header
from importer.outline import Node, build_tree, section_kind
from importer.paragraphs import Para, build_paragraphs
from importer.plan_default import apply_plan_default, find_plan_default
from importer.result import ParseResult, TaskItem
from importer.review_sheet import read_review_sheet
from importer.roles import (
    Label,
    Roles,
    chained_labels,
    co_leads,
    is_role_sentence,
    leading_unit,
    list_owner,
    names_in_cell,
    parse_label,
    parse_role_clause,
    roles_from_label,
    subject_bodies,
    unit_phrase,
)
from importer.texts import tr
from importer.textutil import (
    clean_spaces,
    fold,
    fold_aligned,
    is_appendix_label,
    is_upper_text,
    strip_markup,
    word_count,
)
from importer.timing import (
    RECURRENCES,
    Timing,
    dated_recurrence,
    dates_an_event,
    find_inline_deadline,
    parse_recurrence,
    parse_timing,
)
from importer.units import (
    NOT_UNIT,
    clean_unit_name,
    collective_in_plain_case,
    group_kind,
    looks_like_unit,
    split_units,
)

_NON_TASK_KINDS = ("purpose", "targets", "preamble", "timing", "assessment", "method")

_BOILERPLATE = re.compile(
    r"^(?:trong qua trinh|qua trinh (?:trien khai|thuc hien)|tren day la|neu co kho khan|"
    r"truong hop co kho khan|moi kho khan|yeu cau (?:thu truong |truong |lanh dao )?cac|"
    r"de nghi (?:thu truong |truong |lanh dao )?cac (?:phong|don vi|co quan)|ke hoach nay (?:co hieu luc|duoc)|"
    r"giam doc so [^.]{0,80} (?:phat dong|yeu cau|de nghi))"
)
_CLOSING = re.compile(
    r"^(?:noi nhan\b|(?:kt|tm|tl|q|ktl)\s*\.\s*\S|(?:pho )?giam doc$|(?:pho )?chu tich$|(?:pho )?truong ban$)"
)
# The title of a document: a decision's, or the plan's attached to it after the signature.
_DOC_TITLE = re.compile(
    r"^(?:nghi quyet|quyet dinh|quyet nghi|ke hoach|chuong trinh|de an|cong van|thong bao|chi thi)\b"
)
# Kinds of legal document a plan cites ("Căn cứ Luật ...", "Thực hiện Kết luận số ...").
LEGAL_DOCUMENT_WORDS = (
    "hien phap", "bo luat", "luat", "phap lenh", "nghi quyet", "nghi dinh", "quyet dinh", "thong tu",
    "chi thi", "ket luan", "ke hoach", "chuong trinh", "de an", "cong van", "van ban", "thong bao",
    "huong dan", "to trinh", "bao cao", "quy dinh", "dieu le", "thong tri",
)
_DOC_WORDS = "|".join(LEGAL_DOCUMENT_WORDS)
# The legal bases and formulas that open a decision or a plan: never a duty.
_LEGAL_BASIS = re.compile(
    rf"^(?:can cu (?:vao )?(?:cac )?(?:{_DOC_WORDS})\b|theo de nghi\b|xet de nghi\b|"
    r"tren co so (?:ket qua|y kien) (?:bieu quyet|thong nhat)|"
    rf"(?:thuc hien|thi hanh|trien khai) (?:{_DOC_WORDS}) (?:\S+ ){{0,3}}so \d)"
)
_RECURRING_DUTY = re.compile(
    r"\b(?:truoc ngay \d{1,2} )?(?:dinh ky )?(?:hang|moi) (?:thang|quy)\b|\bdinh ky (?:hang )?(?:thang|quy|0?6 thang)\b"
    r"|\btruoc ngay \d{1,2}\s*(?:/\s*\d{1,2}|thang \d{1,2})\s*,?\s*(?:hang|moi) nam\b"
)
_RECURRENCE_LEAD = re.compile(
    r"^(?:thuong xuyen|dinh ky(?: hang| moi)? (?:thang|quy|nam|0?6 thang)|(?:hang|moi) (?:thang|quy|nam))\b"
)


# --- the walk ----------------------------------------------------------------------


@dataclass
class Draft:
    node: Node
    text: str
    ref: str | None
    section: str | None
    own: Roles
    timing_text: str | None = None
    timing: Timing | None = None
    kind: str = "tasks"  # the kind of section the task was found in
    # "NHIỆM VỤ CỦA CÁC BỘ, NGÀNH" over an appendix: who does what no unit heading assigns.
    appendix_lead: list[str] = field(default_factory=list)


@dataclass
class Walk:
    plan_year: int | None
    org_as_tasks: bool = False
    drafts: list[Draft] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    plan_timing: tuple[str, Timing] | None = None
    closed: bool = False
    org_seen: bool = False
    appendix_lead: list[str] = field(default_factory=list)


def _unit_heading(node: Node) -> str | None:
    p = node.para
    if p is None or p.cells is not None:
        return None
    text = p.text.strip().rstrip(":.").strip()
    # "Sở Nội vụ (Cơ quan thường trực Ban …):": a remark in brackets after the name says what
    # role the body holds; the name is what leads.
    text = re.sub(r"\s*\([^()]{3,160}\)$", "", text)
    # "Trách nhiệm Tổ công tác triển khai …:" says that a body's name follows, verbs and all.
    named_as_body = bool(re.match(r"^trách nhiệm\s", text, re.I))
    text = re.sub(
        r"^(?:đối với|trách nhiệm(?: của)?|nhiệm vụ của|giao cho|giao|đề nghị)\s+", "", text, flags=re.I
    )
    text = re.sub(
        r"\s+(?:có trách nhiệm|chịu trách nhiệm|chủ trì(?: thực hiện)?|thực hiện|là đầu mối)"
        r"(?:\s+(?:các|những)\s+(?:nhiệm vụ|nội dung|công việc)(?:\s+(?:sau|như sau|sau đây|cụ thể))?)?$",
        "",
        text,
        flags=re.I,
    )
    text = collective_in_plain_case(text)
    if word_count(text) > 14 or not looks_like_unit(text) or section_kind(text):
        return None
    # "Sở Xây dựng" is a body: the verbs are looked for after the body's own name starts.
    after_head = re.sub(r"^\S+\s+(?:xây dựng\b)?", "", text, flags=re.I)
    if re.search(r"[.;]", text) or (not named_as_body and re.search(
        r"\b(?:căn cứ|triển khai|thực hiện|tổ chức thực|xây dựng|tham mưu|phối hợp|theo dõi)\b", after_head, re.I
    )):
        return None
    return clean_unit_name(text)


def _lists_its_parts(text: str) -> bool:
    """A duty that ends by listing what it covers ("…, bao gồm:"), not a list of tasks ("Các
    nhiệm vụ trọng tâm bao gồm:")."""
    t = strip_markup(text).strip()
    return bool(re.search(r"\b(?:bao gồm|gồm có)\s*:$", t, re.I)) and not re.match(r"^(?:các|những)\b", t, re.I)


def _a_listed_part(node: Node) -> bool:
    return bool(node.para) and node.para.cells is None and not _self_assigned(node)


def _is_sentence(text: str) -> bool:
    return strip_markup(text).rstrip().endswith((".", ";"))


def _names_a_body(text: str) -> bool:
    """A short heading with no sentence in it, starting with a body's noun: a body's name
    ("Tỉnh đoàn", "Các cơ sở đào tạo đại học", "Đề nghị Ủy ban Mặt trận Tổ quốc tỉnh")."""
    text = text.strip().rstrip(":").strip()
    folded = fold(text)
    if folded.startswith("so ") and not re.match(r"^(?:Sở|SỞ)\b", text):
        return False  # "Số liệu ...": "số" folds like "Sở"
    return (
        0 < word_count(text) <= 20
        and text[:1].isupper()
        and not re.search(r"[.;:]", text)
        and bool(_BODY_START.match(folded))
        and not NOT_UNIT.match(folded)  # "Phòng chống dịch bệnh", "Tổ chức hội nghị": a topic
        and not _TOPIC_HEADING.match(folded)
    )


# Headings that name a field of work, not who does it: "Doanh nghiệp số" (digital firms as a
# topic; "Các doanh nghiệp …" over their duties is a body), "Các ngành, lĩnh vực khác".
_TOPIC_HEADING = re.compile(r"^(?:doanh nghiep\b|(?:cac )?(?:nganh, )?linh vuc\b|(?:cac )?nganh, linh vuc\b)")


def _is_role_or_timing(node: Node) -> bool:
    if node.label_family in ("role", "timing", "other"):
        return True
    return bool(node.para and node.para.cells is None and is_role_sentence(node.text))


def _structural_children(node: Node) -> list[Node]:
    if "structural" not in node.memo:
        node.memo["structural"] = [c for c in node.children if not _is_role_or_timing(c)]
    return node.memo["structural"]


def _group_shape(node: Node) -> tuple[bool, bool]:
    """(items come before `node` under its parent, one of them names its own unit or date)."""
    parent = node.parent
    assert parent is not None
    if "group_shape" not in parent.memo:
        shape: dict[int, tuple[bool, bool]] = {}
        seen = self_named = False
        for child in parent.children:
            shape[id(child)] = (seen, self_named)
            if _is_item(child):
                seen = True
                self_named = self_named or any(_is_role_or_timing(c) for c in child.children) or _self_assigned(child)
        parent.memo["group_shape"] = shape
    return parent.memo["group_shape"][id(node)]


def _owner(node: Node) -> Node:
    """Which node the role or timing lines under `node` describe."""
    a = node.parent
    while a is not None and a.para is not None and a.label_family is not None:
        a = a.parent
    if a is None:
        raise AssertionError("label without parent")
    if a.para is not None and a.parent is not None and _is_item(a):
        earlier, self_named = _group_shape(a)
        # Lines after the last of several items describe the whole group (seed layout 003);
        # lines under each item describe that item only.
        # Items that name their own unit or date inline are not such a group.
        if earlier and not self_named:
            b = a.parent
            while b.para is not None and b.label_family is not None and b.parent is not None:
                b = b.parent
            return b
    return a


def _self_assigned(node: Node) -> bool:
    _, roles, timing_text = _inline_split(clean_spaces(node.text))
    return bool(roles or timing_text)


def _is_item(node: Node) -> bool:
    if "item" not in node.memo:
        node.memo["item"] = _is_item_uncached(node)
    return node.memo["item"]


def _is_item_uncached(node: Node) -> bool:
    p = node.para
    if p is None or node.label_family is not None or p.cells is not None:
        return False
    if _structural_children(node):
        return False
    return not (p.caps or p.style in ("R", "A", "D"))


def _apply_label(node: Node, walk: Walk, kind: str) -> None:
    label = parse_label(node.text)
    if label is None:
        return
    if label.family == "role" and _is_duty_sentence(label.value, walk):
        # "3. Phân công: Giám đốc Sở giao Chi cục ... chủ trì ..., hoàn thành trước ngày ..."
        _make_task(node, walk, kind, text=label.value)
        return
    owner = _owner(node)
    chain = chained_labels(label)
    for extra in chain[1:]:
        # "Chủ trì: X; phối hợp: Y; thời gian: Z" on one line.
        _apply_one_label(extra, owner, walk)
    label = chain[0]
    if label.family == "role":
        roles = roles_from_label(label.label, label.value) if label.value else Roles()
        for c in node.children:
            sub = parse_label(c.text)
            if sub and sub.family == "role" and sub.value:
                roles.merge(roles_from_label(sub.label, sub.value))
            elif sub and sub.family == "timing" and sub.value:
                _apply_one_label(sub, owner, walk)  # "- Thời gian: Quý II/2025" inside the block
            elif c.text and _own_duty(c.text):
                # "- Cơ quan thực hiện:" / "+ Sở A chủ trì, phối hợp …" / "+ Sở B đăng tải thông
                # điệp trên …": a unit given a duty of its own under the doers is its own task,
                # without the partners named for the item's lead.
                c.memo["own_duty"] = True
                _make_task(c, walk, kind)
            elif c.text:
                base = roles_from_label(label.label, c.text) if not is_role_sentence(c.text) else None
                roles.merge(base if base else parse_role_clause(c.text))
        owner.roles.merge(roles)
        owner.has_own_roles = True
    elif label.family == "timing":
        texts = [label.value] if label.value else [_after_short_label(c.text) for c in node.children]
        chosen = None
        for t in texts:
            tm = parse_timing(t, walk.plan_year)
            if tm:
                chosen = (t, tm)
                break
        if chosen is None and texts:
            chosen = (texts[0], Timing())
        if chosen:
            if owner.para is None or (owner.parent is None):
                walk.plan_timing = chosen if chosen[1].deadline else walk.plan_timing
            else:
                owner.timing_text, owner.timing = chosen
    elif label.family == "content":
        if label.value:
            title = _item_title(node)
            # "4. Chuẩn hóa hồ sơ lưu trữ" / "- Nội dung: rà soát, chuẩn hóa các hồ sơ …": the
            # item's title leads its content, so the task reads as the plan names it.
            _make_task(node, walk, kind, text=f"{title}: {label.value}" if title else label.value)
        _walk_children(node, walk, kind)


# "Hoạt động 2", "Nhiệm vụ 3", "Nội dung 1": a number, not a title.
_GENERIC_TITLE = re.compile(r"^(?:hoat dong|nhiem vu|noi dung|cong viec|muc|phan)\s*\d*\W*$")


def _item_title(node: Node) -> str | None:
    """The short title of the numbered item a "Nội dung:" line sits under, if it has one."""
    parent = node.parent
    p = parent.para if parent is not None else None
    if p is None or p.style is None or p.cells is not None or p.caps:
        return None
    title = clean_spaces(p.text).rstrip(" :.")
    if not title or word_count(title) > 15 or _GENERIC_TITLE.match(fold(title)) or title.endswith(")"):
        return None
    if parse_label(title) is not None or looks_like_unit(title):
        return None
    return title


_ROLE_VERB = re.compile(r"(?:la\s+)?(?:chu tri|phoi hop|theo doi|tong hop|thuc hien|dong chu tri)\b")


def _own_duty(text: str) -> bool:
    """A line naming a unit and what it does besides leading or helping ("Sở Xây dựng đăng tải
    thông điệp trên bảng điện tử"), not who leads or helps ("Sở A chủ trì, phối hợp với …")."""
    if is_role_sentence(text) or leading_unit(text) is None:
        return False
    phrase = unit_phrase(text)
    after = fold(text[len(phrase):]).strip(" ,")
    return not _ROLE_VERB.match(after) and word_count(after) >= 5


def _is_duty_sentence(value: str, walk: Walk) -> bool:
    if word_count(value) < 12 or is_role_sentence(value) or ";" in value:
        return False
    return _giao_clause(value) is not None and find_inline_deadline(value, walk.plan_year) is not None


def _apply_one_label(label: Label, owner: Node, walk: Walk) -> None:
    if label.family == "role":
        owner.roles.merge(roles_from_label(label.label, label.value))
        owner.has_own_roles = True
    elif label.family == "timing" and owner.para is not None and owner.parent is not None:
        owner.timing_text, owner.timing = label.value.rstrip(" ."), parse_timing(label.value, walk.plan_year)


def _after_short_label(text: str) -> str:
    """ "Đợt thi đua: Kể từ ... đến trước ngày 10/12/2022" -> the part after the label."""
    m = re.match(r"^([^:]{2,50}):\s*(\S.*)$", text)
    return m.group(2) if m and word_count(m.group(1)) <= 6 else text


def _section_title(node: Node) -> str | None:
    for a in node.ancestors():
        if a.para is None:
            return None
        if a.label_family is None and not _is_item(a):
            title = re.sub(r"\s*\([^()]*\)\s*[:.]?\s*$", "", clean_spaces(a.text))
            return title.rstrip(":. ") or None
    return None


def _ref(node: Node) -> str | None:
    parts: list[str] = []
    n: Node | None = node
    while n is not None and n.para is not None:
        p = n.para
        if n.label_family is None or n is node:
            if p.number:
                num = p.number.rstrip(".")
                if parts and parts[0].startswith(num + "."):
                    pass
                elif p.style == "L" and parts:
                    parts[0] = f"{num}.{parts[0]}" if not parts[0].startswith("-") else f"{num}{parts[0]}"
                else:
                    parts.insert(0, num)
            elif n is node and n.parent is not None:
                parent = n.parent
                if "unnumbered_items" not in parent.memo:
                    unnumbered = [s for s in parent.children if s.para and not s.para.number and _is_item(s)]
                    parent.memo["unnumbered_items"] = {id(s): i for i, s in enumerate(unnumbered, 1)}
                idx = parent.memo["unnumbered_items"].get(id(n), 1)
                parts.insert(0, f"-{idx}")
        n = n.parent
    if not parts:
        return None
    out = ""
    for part in parts:
        if not out:
            out = part.lstrip("-") if part.startswith("-") else part
        elif part.startswith("-"):
            out += part
        elif part.split(".")[0] == out.split(".")[-1] and "." in part:
            out = out.rsplit(".", 1)[0] + "." + part if "." in out else part
        else:
            out += "." + part
    return out[:32]


_TIMING_TAIL = re.compile(
    r"(?:^|,)\s*((?:trước|chậm nhất|hoàn thành|trong|thời gian|hằng|hàng|định kỳ|thường xuyên|quý|tháng|năm)\b.*)$",
    re.I,
)


def _inline_split(text: str) -> tuple[str, Roles, str | None]:
    """Cut "... . Đơn vị chủ trì: X; thời gian: Quý II" and "(X chủ trì, Y phối hợp)" off a task."""
    roles = Roles()
    timing_text = None
    folded = fold_aligned(text)
    m = re.search(
        r"\(([^()]*(?:chu tri|phoi hop|thoi gian|thoi han|hoan thanh truoc|giao|thuc hien)[^()]*)\)\s*[.;]?\s*$",
        folded,
    )
    bracket = re.search(r"\(([^()]{2,120})\)\s*[.;]?\s*$", text)
    if m is None and bracket and bracket.start() > 10:
        # "... (Phòng QLKH; Quý II/2025)" / "... (Chi cục TĐC)": who, and maybe when.
        parts = [x.strip(" ,.") for x in re.split(r"[;]", bracket.group(1)) if x.strip(" ,.")]
        units = [x for x in parts if looks_like_unit(x) and not parse_timing(x, 2000)]
        times = [x for x in parts if x not in units and parse_timing(x, 2000)]
        if units and len(units) + len(times) == len(parts):
            for x in units:
                roles.add("lead", split_units(x))
            return text[: bracket.start()].rstrip(" ,;"), roles, times[0] if times else None
    only_timing = re.search(r"\(([^()]{2,40})\)\s*[.;]?\s*$", folded)
    if m is None and only_timing and only_timing.start() > 10:
        inner = text[only_timing.start(1) : only_timing.end(1)]
        if word_count(inner) <= 6 and parse_timing(inner, 2000) and not dates_an_event(text[: only_timing.start()], inner):
            return text[: only_timing.start()].rstrip(" ,;"), roles, inner.strip()
    if m and m.start() > 10:
        inner = text[m.start(1) : m.end(1)]
        for part in re.split(r";", inner):
            lab = parse_label(part.strip())
            if lab and lab.family == "role":
                roles.merge(roles_from_label(lab.label, lab.value))
                continue
            if lab and lab.family == "timing":
                timing_text = lab.value
                continue
            # "Văn phòng Sở thực hiện, trước ngày 15/6": who, then when.
            when = _TIMING_TAIL.search(part)
            if when and parse_timing(when.group(1), 2000):
                timing_text = when.group(1).strip()
                part = part[: when.start()]
            if part.strip(" ,") and (looks_like_unit(part.strip(" ,")) or re.search(
                r"chu tri|phoi hop|thuc hien", fold(part)
            )):
                roles.merge(parse_role_clause(part.strip(" ,")))
        text = text[: m.start()].rstrip(" ,;")
        folded = fold_aligned(text)
    m = re.search(
        r"(?:^|[.;\-–(]|\s)\s*(?:(?:co quan|don vi|phong\s*/\s*don vi|bo phan)\s+)?"
        r"(?:chu tri(?: thuc hien)?|phoi hop(?: thuc hien)?|don vi thuc hien|co quan thuc hien|"
        r"theo doi(?:, tong hop)?|thoi gian(?: thuc hien| hoan thanh)?|thoi han(?: hoan thanh)?|tien do|"
        r"trach nhiem(?: thuc hien)?)\s*:",
        folded,
    )
    if m and m.start() > 15:
        tail = text[m.start() :].lstrip(" .;-–(")
        text = text[: m.start()].rstrip(" ,;(-–")
        for seg in re.split(r";\s*|\.\s+|\s+-\s+(?=[a-zđ]+\s*:)", tail):
            lab = parse_label(seg.strip(" )"))
            if lab is None:
                continue
            if lab.family == "role":
                roles.merge(roles_from_label(lab.label, lab.value))
            elif lab.family == "timing":
                timing_text = lab.value.strip(" )")
    if not roles:
        text, roles, tail_timing = _trailing_assignment(text)
        timing_text = timing_text or tail_timing
    if timing_text is None:
        # (Not the dash of a span of years: "nhiệm kỳ 2026 - 2031" is a term, not a timing.)
        dash = re.search(r"(?<!\d)\s[-–]\s+([^-–]{2,50}?)\s*[.;]?\s*$", text)
        if (
            dash
            and dash.start() > 15
            and word_count(dash.group(1)) <= 8
            and _TIMING_START.match(dash.group(1))
            and parse_timing(dash.group(1), 2000)
        ):
            # "1.2. Tổ chức nghiệm thu ... - Quý IV/2025."
            timing_text = dash.group(1)
            text = text[: dash.start()].rstrip(" ,;")
    return text, roles, timing_text


_TIMING_START = re.compile(
    r"^(?:trước|chậm nhất|hoàn thành|trong|thời gian|thời hạn|hằng|hàng|định kỳ|thường xuyên|quý|tháng|năm|"
    r"cả năm|cuối|\d)",
    re.I,
)
_RECURRING_TAIL = re.compile(r"\b(?:thường xuyên|hằng|hàng|định kỳ)\b.*$", re.I)


def _trailing_assignment(text: str) -> tuple[str, Roles, str | None]:
    """Who does it, written after the task: "... phù hợp. Văn phòng Sở chủ trì, phối hợp với X
    thực hiện." or "Xây dựng bản đồ công nghệ: Trung tâm TT&ƯDKHCN thực hiện, trong Quý IV"."""
    split = None
    for m in re.finditer(r"(?<=[a-zà-ỹ0-9)])(?:\.\s+|:\s+)(?=[A-ZĐÀ-Ỹ])", text):
        if m.start() > 15:
            split = m
    if split is None:
        return text, Roles(), None
    tail = text[split.end() :].rstrip(" .;")
    if not looks_like_unit(tail) or word_count(tail) > 40 or re.match(r"^(?:Giao|giao)\b", tail):
        return text, Roles(), None
    role_parts: list[str] = []
    timing_text = None
    for seg in re.split(r"[;,]\s*(?=(?:trước|chậm nhất|hoàn thành|trong|thời gian|thời hạn|hằng|định kỳ|"
                        r"thường xuyên|quý|tháng|năm)\b)", tail, flags=re.I):
        seg = seg.strip(" ,;")
        label = parse_label(seg)
        if label and label.family == "timing":
            timing_text = label.value
        elif not looks_like_unit(seg) and parse_timing(seg, 2000):
            timing_text = seg
        else:
            recurring = _RECURRING_TAIL.search(seg)
            if recurring and parse_recurrence(recurring.group(0)):
                timing_text = recurring.group(0)
                seg = seg[: recurring.start()].strip(" ,")
            role_parts.append(seg)
    clause = "; ".join(role_parts)
    if not clause or not (is_role_sentence(clause) or (split.group(0).startswith(":") and split_units(clause) and
                                                        all(looks_like_unit(p) for p in role_parts))):
        return text, Roles(), None
    roles = parse_role_clause(clause)
    if not roles.lead:
        return text, Roles(), None
    return text[: split.start()].rstrip(" ,;") + ("." if split.group(0).startswith(".") else ""), roles, timing_text


def _unit_dash(body: str) -> re.Match[str] | None:
    """ "Chi cục TĐC - Đề xuất phương án ...": the unit, a dash, the duty; not the dash inside
    "Phòng Kế hoạch - Tài chính tổng hợp ..."."""
    m = re.match(r"^([^:;.]{3,80}?)\s+[-–]\s+(?=[A-ZĐÀ-Ỹ])", body)
    if m is None or len(unit_phrase(body)) > len(m.group(1)):
        return None
    return m


_DONE_BY = re.compile(
    r"(?:^|[,;]|\s)\s*do\s+([A-ZĐ][^,;.()]{2,80}?)\s+(?:thực hiện|chủ trì|đảm nhiệm|phụ trách|tham mưu)\b"
)


_ADDRESS_WORDS = re.compile(r"^(?:đề nghị|giao cho)\s+", re.I)


def _make_task(node: Node, walk: Walk, kind: str, text: str | None = None) -> None:
    raw = clean_spaces(text if text is not None else node.text)
    body, roles, timing_text = _inline_split(raw)
    head = re.match(r"^([^:]{3,120}):\s*(?=\S)", body) or _unit_dash(body)
    # "Đề nghị Ban Dân vận Tỉnh ủy: Ban hành …": a plan asks the bodies it does not command.
    # (A list of the province's associations before the colon runs past eighty letters.)
    name = _ADDRESS_WORDS.sub("", head.group(1)) if head else ""
    if head and looks_like_unit(name) and word_count(name) <= 20 and not parse_label(body) and all(
        looks_like_unit(u) for u in split_units(name)
    ):
        # "Phòng QLCN: Tổ chức khảo sát ..." names the lead before the colon; the label
        # leaves the task's text.
        if not roles.lead:
            roles.add("lead", split_units(name))
        body = body[head.end() :]
        body = body[:1].upper() + body[1:]
    topic = re.match(r"^([^:;,]{2,30}):\s+(?=\S)", body)
    after_topic = body[topic.end() :] if topic and word_count(topic.group(1)) <= 4 else ""
    # "Kinh phí: Phòng Kế hoạch - Tài chính bố trí ..." names its unit after a topic label.
    lead = leading_unit(body) or leading_unit(_giao_clause(body) or "") or (
        leading_unit(after_topic) if after_topic else None
    )
    subject = None if lead else leading_unit(_subject_after_opening(body) or "")
    if subject:
        # After the grounds, the subject leads unless a unit heading above gives the duty (the
        # sentence then leaves its subject out, and a body it names is of the grounds).
        node.roles.soft_lead = subject[1].lead
    if lead and not roles.lead:
        roles.merge(lead[1])
    roles.add("co_lead", co_leads(body))
    if not roles.lead:
        done_by = _DONE_BY.search(body)
        if done_by and looks_like_unit(done_by.group(1)):
            # "..., do Văn phòng Sở thực hiện."
            roles.add("lead", split_units(done_by.group(1)))
    draft = Draft(
        node=node,
        text=body.rstrip(" ;,").strip(),
        ref=_ref(node),
        section=_section_title(node),
        own=roles,
        kind=kind,
        appendix_lead=walk.appendix_lead,
    )
    if timing_text:
        draft.timing_text, draft.timing = timing_text, parse_timing(timing_text, walk.plan_year)
    else:
        inline = find_inline_deadline(body, walk.plan_year)
        recurs = dated_recurrence(body) if inline else None
        if inline and recurs:
            draft.timing_text, draft.timing = inline[0], Timing(None, recurs)
        elif inline:
            draft.timing_text, draft.timing = inline[0], Timing(inline[1], parse_recurrence(inline[0]))
        else:
            lead_rec = _RECURRENCE_LEAD.match(fold(body))
            inner_rec = _RECURRING_DUTY.search(fold_aligned(body)) if len(fold_aligned(body)) == len(body) else None
            if lead_rec:
                phrase = body[: lead_rec.end()]
                draft.timing_text, draft.timing = phrase, Timing(None, parse_recurrence(phrase))
            elif inner_rec:
                # "báo cáo ... trước ngày 25 hằng tháng", "định kỳ hằng quý": a recurring duty.
                phrase = body[inner_rec.start() : inner_rec.end()]
                draft.timing_text, draft.timing = phrase, Timing(None, parse_recurrence(phrase))
    if len(draft.text) < 4:
        return
    walk.drafts.append(draft)


def _is_boilerplate(text: str) -> bool:
    f = fold(text)
    if _BOILERPLATE.match(f):
        return True
    return bool(re.search(r"kho khan,? vuong mac", f) and re.match(r"^(?:trong|neu|khi|qua trinh)", f))


_GIAO_ANYWHERE = re.compile(r"(?:^|[\s,;])giao(?:\s+cho)?\s+")


def _giao_clause(text: str) -> str | None:
    """ "Giám đốc Sở giao Văn phòng Sở chủ trì ..." -> "giao Văn phòng Sở chủ trì ..."."""
    folded = fold_aligned(text)
    for m in _GIAO_ANYWHERE.finditer(folded):
        start = m.start() + (1 if folded[m.start()] in " ,;" else 0)
        if looks_like_unit(text[m.end() :]):
            return text[start:]
    return None


def _dated_or_assigned(text: str, walk: Walk) -> bool:
    if _giao_clause(text) is not None:
        return True
    found = find_inline_deadline(text, walk.plan_year)
    # A date before the plan's year reports what was done; it sets no duty.
    return found is not None and (walk.plan_year is None or found[1].year >= walk.plan_year)


def _walk_children(node: Node, walk: Walk, kind: str) -> None:
    for child in node.children:
        if walk.closed:
            return
        _visit(child, walk, kind)


def _visit(node: Node, walk: Walk, kind: str) -> None:
    p = node.para
    assert p is not None
    text = p.text
    f = fold(text).strip()
    if p.cells is not None:
        _visit_row(node, walk, kind)
        return
    if _CLOSING.match(f) or (is_upper_text(text) and re.match(r"^(?:kt|tm)?\.?\s*(?:pho )?giam doc", f)):
        walk.closed = True
        return
    if node.label_family is not None:
        _apply_label(node, walk, kind)
        return
    if _is_doc_title(node):
        # "NGHỊ QUYẾT" / "CHƯƠNG TRÌNH": the lines under a title are its subject and
        # legal bases; the plan's sections that follow are read as usual.
        for c in node.children:
            if walk.closed:
                break
            _visit(c, walk, "preamble")
        return
    structural = _structural_children(node)
    # A bold line with nothing under it is an item written in bold, not a heading.
    heading_like = bool(structural) or p.caps or p.style in ("R", "A", "D") or p.group_row or (
        (node.style or "").startswith("H") and bool(node.children)
    )
    if heading_like:
        own_kind = section_kind(text)
        nested = node.parent is not None and node.parent.para is not None
        if (
            own_kind in ("assessment", "other")
            and kind == "tasks"
            and nested
            and not re.match(r"^(?:kinh phi|nguon kinh phi|du toan)\b", fold(text))
            # "IV. ĐỐI TƯỢNG, PHẠM VI TRIỂN KHAI" under "Điều 1. Phê duyệt Đề án": a part of
            # the scheme in capitals, not a topic among its tasks.
            and not (p.style == "R" and p.caps)
        ):
            # Inside a task section "2. Đánh giá, xếp loại công chức" is a topic, not last year's review.
            own_kind = None
        if own_kind is None and p.caps and p.style is None and not structural:
            return
        k = own_kind or kind
        if k == "preamble":
            k = "tasks"
        if k == "org":
            walk.org_seen = True
        unit = _unit_heading(node)
        if unit:
            # "1. Văn phòng Sở, Thanh tra Sở:" names two units.
            node.roles.add("lead", split_units(unit) or [unit])
            node.memo["unit_heading"] = True  # its tasks are flagged lead_from_heading
            node.memo["body"] = True
            if k == "org":
                # "V. TỔ CHỨC THỰC HIỆN / 1. Sở Tài chính / - ...": the unit's duties are tasks.
                k = "duties"
        elif is_role_sentence(text.rstrip(" :")):
            # "1. Văn phòng Sở chủ trì, phối hợp với các phòng, đơn vị:" heads its tasks.
            node.roles.merge(parse_role_clause(text.rstrip(" :")))
            unit = ", ".join(node.roles.lead) or None
            if k == "org" and unit:
                k = "duties"
        else:
            # "1. Cải cách thể chế (Văn phòng Sở chủ trì; thời gian: Quý II/2025)".
            _, head_roles, head_timing = _inline_split(clean_spaces(text))
            if head_roles:
                node.roles.merge(head_roles)

            if head_timing and node.timing is None:
                node.timing_text, node.timing = head_timing, parse_timing(head_timing, walk.plan_year)
        # "2. Trách nhiệm của các bộ, …; Ủy ban nhân dân các tỉnh …" names bodies, not a topic.
        of_body = own_kind is None or (own_kind == "tasks" and fold(text).startswith("trach nhiem "))
        if not unit and not node.roles.lead and of_body and nested and structural and (
            _names_a_body(text) or (k == "org" and bool(_BODY_START.match(fold(text)))) or heading_bodies(text, strict=True)
        ):
            # "3. Công an tỉnh" / "**Các doanh nghiệp**" over their duties, even when the
            # body is not one the unit table knows.
            node.memo["body"] = True
            node.roles.add(
                "lead",
                heading_bodies(text, strict=True)
                or list_owner(clean_spaces(text))
                # A sentence ("1. Các cơ quan … xây dựng kế hoạch …; đề ra giải pháp ….") names
                # its subject; a heading with no full stop names the body whole ("5. Các chủ
                # đầu tư xây dựng và kinh doanh hạ tầng khu công nghiệp").
                or (subject_bodies(clean_spaces(text)) if _is_sentence(text) else heading_bodies(text))
                or heading_bodies(text),
            )
            if k == "org":
                k = "duties"
        elif not unit and not node.roles.lead and own_kind is None and nested and structural and (
            owner := list_owner(clean_spaces(text))
            or (not _is_sentence(text) and heading_bodies(text))
            or subject_bodies(clean_spaces(text))
        ):
            # "m) Ủy ban nhân dân các tỉnh … chịu trách nhiệm …, cụ thể:" over its duties.
            node.roles.add("lead", owner)
            node.memo["body"] = True
            if k == "org":
                k = "duties"
        # "1. Tổ chức tập huấn cho: - cán bộ...; - ..." is one task with its details; so is
        # "h) Chủ trì thực hiện các dự án …, bao gồm: - Dự án 1: …; - Dự án 2: …".
        if (
            k in ("tasks", "duties")
            and _lists_its_parts(text)
            and not unit
            and not own_kind
            and all(_a_listed_part(c) and all(_a_listed_part(g) and not _structural_children(g)
                                              for g in _structural_children(c)) for c in structural)
        ) or (
            k == "tasks"
            and text.rstrip().endswith(":")
            and not unit
            and not own_kind
            and not looks_like_unit(text)
            and p.style not in ("R", "A", "D")
            and all(
                word_count(c.text) <= 12 and not _structural_children(c) and c.para and c.para.cells is None
                for c in structural
            )
            and sum(word_count(c.text) for c in structural) <= 8 * len(structural)
        ):
            details = "; ".join(
                x.text.rstrip(" ;.:") for c in structural for x in (c, *_structural_children(c))
            )
            _attach_role_children(node, walk)
            for c in structural:  # "Thời gian hoàn thành: ..." after the last detail
                _attach_role_children(c, walk)
            _make_task(node, walk, k, text=f"{text} {details}")
            return
        before = len(walk.drafts)
        if not (p.caps and p.style is None and own_kind is None and kind == "preamble"):
            for c in node.children:
                if walk.closed:
                    break
                if _is_role_or_timing(c) and c.label_family is None:
                    _apply_role_sentence(c, node)
                    continue
                doers = _announced_doers(c)
                if doers and not node.roles.lead:
                    # "Tùy điều kiện, các phòng, đơn vị triển khai những việc sau:" names who
                    # does the items listed after it.
                    node.roles.add("lead", doers)
                _visit(c, walk, k if k != "preamble" else "tasks")
        made = len(walk.drafts) > before
        if (
            not made
            and _is_tasky(k, walk)
            and (node.roles or node.timing)
            and not unit
            and not own_kind
            and p.style != "D"  # an article's own sentence ("Điều 2. Giao Sở X ...") is the decision's
        ):
            _make_task(node, walk, k)
        return
    # A leaf: an item or a paragraph.
    if text.rstrip().endswith(":") and not node.children:
        return
    if p.heading and p.style is None and word_count(text) <= 15:
        return  # an empty markdown/Word heading
    if p.style is None and re.search(r"(?:sau|sau day|nhu sau|duoi day)\s*[:.]?$", f) and word_count(text) <= 60:
        return  # "..., Sở tập trung thực hiện các nhiệm vụ sau." announces the list
    if re.match(r"^\(.*\)\W*$", text) or re.match(r"^\(?(?:chi tiet|xem|co phu luc|kem theo|theo phu luc)\b", f):
        return  # "(Chi tiết tại phụ lục kèm theo)" points elsewhere
    if p.style is None and _LEGAL_BASIS.match(f):
        return  # "Căn cứ Luật ...", "Theo đề nghị của ...": why the plan exists, not a duty
    if p.style == "D":
        return  # "Điều 3. Quyết định này có hiệu lực ...": the decision's own article
    if _FUNDING_RULE.match(f) and not node.children:
        return  # "Kinh phí triển khai … thực hiện theo quy định": how work is paid for, no duty
    if _is_boilerplate(text):
        if text.rstrip().endswith("./."):
            walk.closed = True
        return
    if (
        not node.children
        and not (p.style or "").startswith("B")
        and (text.rstrip().endswith(":") or word_count(text) <= 6)
        and _unit_heading(node)
    ):
        return  # "3. Văn phòng Sở:" with nothing under it
    if node.children:
        _attach_role_children(node, walk)
    inline_head = re.match(r"^([^:;()]{2,60}):\s*\S", text)
    if (
        inline_head
        and word_count(inline_head.group(1)) <= 8
        and (head_kind := section_kind(inline_head.group(1)))
        and head_kind != "tasks"
    ):
        kind = head_kind  # "4. Đối tượng và tiêu chí thi đua: thực hiện theo ..."
    if _is_tasky(kind, walk):
        if kind == "preamble":
            return
        if p.style is None and p.caps:
            return
        _make_task(node, walk, kind)
    elif kind == "targets":
        walk.targets.append(clean_spaces(text).rstrip(" ;"))
    elif kind not in _NON_TASK_KINDS and _dated_or_assigned(text, walk):
        _make_task(node, walk, kind)
    elif kind == "assessment" and p.style is not None and _giao_clause(text) is not None:
        # "a) Trên cơ sở kết quả …, giao Sở Y tế thành lập đoàn kiểm tra …" under "Tiêu chí
        # đánh giá": a duty given out by name, whatever the section is about.
        _make_task(node, walk, kind)
    elif (
        kind == "org"
        and p.style is not None
        and _led_by_body(text)
        and not _STANDING_ROLE.search(f)
        and (not _THIS_PLAN.search(f) or _duties_after_the_role(text) or _PERIODIC_REPORT.search(f))
    ):
        # "2. Bộ Tài chính chủ trì, bố trí kinh phí ...": a numbered duty of a named unit.
        _make_task(node, walk, "duties")
    if text.rstrip().endswith("./."):
        walk.closed = True


# "Văn phòng Sở là đầu mối ...", "... chịu trách nhiệm thi hành": a standing role, not a duty.
def _duties_after_the_role(text: str) -> bool:
    """ "Sở X chủ trì phần việc của mình, … theo dõi Kế hoạch này; lập …; hướng dẫn …":
    after the standing role come duties of its own (two clauses or more, 20 words or more)."""
    rest = text.split(";", 1)[1] if ";" in text else ""
    return rest.count(";") >= 1 and word_count(rest) >= 20


_STANDING_ROLE = re.compile(
    r"\b(?:la (?:co quan |don vi )?dau moi|chiu trach nhiem (?:thi hanh|to chuc thuc hien|trien khai|ve))\b"
)


# "... có trách nhiệm triển khai Kế hoạch này": a sentence about carrying out the plan as a
# whole, not one of its tasks.
# So is one about "the units given tasks" (whoever leads them elsewhere in the plan).
_THIS_PLAN = re.compile(
    # Carrying the plan out, following or reviewing it; not a duty whose topic it is
    # ("tuyên truyền … về nội dung Kế hoạch này" is a duty).
    # "… bố trí kinh phí để thực hiện Kế hoạch này": a purpose, not the duty.
    r"(?<!de )\b(?:thuc hien|trien khai|theo doi|don doc|kiem tra|giam sat|tong ket|so ket|danh gia)"
    r"(?:\s+\S+){0,6}?\s+(?:ke hoach|chuong trinh|de an|nghi quyet|quyet dinh|van ban) nay\b|"
    r"\bduoc (?:giao|phan cong) (?:chu tri )?(?:cac |thuc hien cac )?(?:noi dung|nhiem vu)\b|"
    r"\b(?:thuc hien|trien khai) (?:ke hoach|chuong trinh|de an)(?=\s*[;,.]|\s*$)"
)
# "… theo dõi việc thực hiện Kế hoạch này, hằng quý báo cáo Giám đốc Sở": following
# the plan, and a report that comes back every quarter or year, which is a task.
_PERIODIC_REPORT = re.compile(r"\b(?:dinh ky|hang nam|hang quy|hang thang)\b[^.;]{0,40}\bbao cao\b")
_DUTY_VERB = re.compile(
    r"\b(?:chu tri|phoi hop|to chuc|thuc hien|xay dung|bo tri|tham muu|huong dan|chi dao|theo doi|"
    r"tong hop|bao cao|trien khai|rà soat|ra soat|de xuat|kiem tra)\b"
)


def _led_by_body(text: str) -> bool:
    """ "2. Bộ Tài chính chủ trì, bố trí ...": a sentence whose subject is a body."""
    if leading_unit(text):
        return True
    f = fold(text)
    body = _BODY_START.match(f)
    if body and _DUTY_VERB.search(f, body.end(), 160):
        return True
    return _subject_after_opening(text) is not None


# "Trên cơ sở …, Bộ Tài chính tổng hợp …", "Căn cứ …, các bộ … xây dựng kế hoạch …": a
# sentence opened by its grounds, whose subject comes after a comma.
_GROUNDS = re.compile(r"^(?:tren co so|can cu|trong qua trinh)\b")


def _subject_after_opening(text: str) -> str | None:
    """The text from the subject on, in a sentence opened by its grounds; None otherwise. The
    grounds may list bodies themselves ("Trên cơ sở đề xuất của các bộ, …, Bộ Tài chính tổng
    hợp"): the subject is the last body before its verb."""
    if not _GROUNDS.match(fold(text)):
        return None
    first_sentence = re.split(r"[.;]\s", text, maxsplit=1)[0]
    starts = [comma.end() for comma in re.finditer(r",\s+", first_sentence[:400])]
    subjects = [(start, leading_unit(text[start:])) for start in starts]
    found = [(start, lead) for start, lead in subjects if lead]
    if not found:
        return None
    start, lead = found[-1]
    # "…, các phòng, đơn vị thuộc Sở cập nhật …": a collective begun a comma earlier is one
    # subject, not its last noun.
    # "…, các sở, ngành, Ủy ban nhân dân các xã chủ trì …": so is a list of
    # subjects opened by "các" that ends with the same one (not "… của các phòng, đơn vị, Văn
    # phòng Sở tổng hợp", whose first names belong to the grounds).
    for earlier, more in reversed(subjects[: subjects.index((start, lead))]):
        if not more:
            continue  # "ban, ngành, …": a word of the list, no subject of its own
        same_end = fold(more[1].lead[-1]) == fold(lead[1].lead[-1])
        if len(more[1].lead) == len(lead[1].lead) or (same_end and fold(text[earlier:]).startswith("cac ")):
            start, lead = earlier, more
        elif not same_end:
            break
    return text[start:]


_INTRO_CLAUSE = re.compile(r"^(?:căn cứ|trên cơ sở|để|nhằm|theo)\b[^,:;]{0,100},\s*", re.I)
_ANNOUNCES = re.compile(r"(?:sau|sau đây|như sau|dưới đây)\s*:$", re.I)


def _announced_doers(node: Node) -> list[str]:
    """The bodies a paragraph announcing a list ("…, các cơ quan, đơn vị thực hiện các hoạt
    động sau:") names as its subject; [] for any other paragraph."""
    p = node.para
    if p is None or p.style is not None or node.children or p.cells is not None:
        return []
    text = clean_spaces(p.text).rstrip()
    if not _ANNOUNCES.search(text) or word_count(text) > 40:
        return []
    return _bodies(subject_bodies(_INTRO_CLAUSE.sub("", text)))


def _is_tasky(kind: str, walk: Walk) -> bool:
    return kind in ("tasks", "duties") or (kind == "org" and walk.org_as_tasks)


def _attach_role_children(node: Node, walk: Walk) -> None:
    for c in node.children:
        if c.label_family is not None:
            _apply_label(c, walk, "tasks")
        elif _is_role_or_timing(c):
            _apply_role_sentence(c, node)


def _apply_role_sentence(child: Node, parent: Node) -> None:
    owner = _owner(child) if _is_item(parent) else parent
    owner.roles.merge(parse_role_clause(child.text.strip("() .")))
    owner.has_own_roles = True


def _visit_row(node: Node, walk: Walk, kind: str) -> None:
    p = node.para
    assert p is not None and p.cells is not None
    if p.group_row:
        for c in node.children:
            _visit(c, walk, kind)
        return
    cells = p.cells
    roles = Roles()
    for role in ("lead", "coordinate", "monitor"):
        value = _NOTE_IN_BRACKETS.sub("", cells.get(role, "")).strip()
        if not value:
            continue
        if role == "lead" and re.search(r"chu tri|phoi hop", fold(value)):
            # "VP (chủ trì); các phòng, đơn vị": the units not marked as leading coordinate.
            marked = re.sub(r"\s*\(\s*(chủ trì|phối hợp)\s*\)\s*[,;]?", r" \1;", value, flags=re.I)
            default = "coordinate" if marked != value and re.search(r"chủ trì;", marked, re.I) else "lead"
            roles.merge(parse_role_clause(marked, default=default))
        else:
            roles.add(role, split_units(names_in_cell(value)))
    text = cells.get("text", "")
    body, inline_roles, inline_timing = _inline_split(text)
    if not roles.lead:
        roles.merge(inline_roles)
    timing_text = cells.get("timing") or inline_timing
    draft = Draft(
        node=node,
        text=body,
        ref=cells.get("ref") or None,
        section=cells.get("section") or _section_title(node),
        own=roles,
        appendix_lead=walk.appendix_lead,
    )
    if timing_text:
        draft.timing_text, draft.timing = timing_text, parse_timing(timing_text, walk.plan_year)
    else:
        inline = find_inline_deadline(body, walk.plan_year)
        if inline:
            draft.timing_text, draft.timing = inline[0], Timing(inline[1], None)
    walk.drafts.append(draft)


# --- putting it together -----------------------------------------------------------


# "Sở Tư pháp (phòng Văn bản phối hợp chuẩn bị)": a remark of four words or more in brackets
# after a unit is about how it works, not another unit ("(chủ trì)" marks stay).
_NOTE_IN_BRACKETS = re.compile(r"\s*\((?:[^()\s]+\s+){3,}[^()]*\)")


def _bodies(names: list[str]) -> list[str]:
    """Only names that look like a body (units.BODY_HEADS …) or a group of them: a sentence
    fragment or a heading a table cell ran into is no assignee."""
    return [n for n in names if looks_like_unit(n) or group_kind(n) is not None]


def _resolve_roles(draft: Draft) -> Roles:
    out = Roles()
    chain = [draft.node, *draft.node.ancestors()]
    for role in ("lead", "coordinate", "monitor"):
        own = _bodies(getattr(draft.own, role))
        if own:
            out.add(role, own)
            continue
        if role == "coordinate" and draft.node.memo.get("own_duty"):
            continue
        for n in chain:
            values = _bodies(getattr(n.roles, role))
            if values:
                out.add(role, values)
                break
    if out.lead:
        out.add("lead", _bodies(draft.own.co_lead))
    if not out.lead:
        for n in chain:
            if n.roles.soft_lead:
                out.add("lead", n.roles.soft_lead)
                break
            if n.roles.lead:
                break
    if not out.lead and draft.appendix_lead:
        out.add("lead", draft.appendix_lead)
    return out


def _resolve_timing(draft: Draft, walk: Walk) -> tuple[str | None, Timing | None, bool]:
    if draft.timing is not None:
        return draft.timing_text, draft.timing, False
    for n in [draft.node, *draft.node.ancestors()]:
        if n.timing is not None:
            return n.timing_text, n.timing, False
        horizon = _title_horizon(n)
        if horizon is not None:
            return horizon, parse_timing(horizon, walk.plan_year), False
    if walk.plan_timing:
        return walk.plan_timing[0], Timing(walk.plan_timing[1].deadline, None), True
    return None, None, False


# "PHÂN CÔNG … CÁC CHỈ TIÊU … ĐẾN NĂM 2030": targets are to be reached by their title's
# horizon, which dates the rows under it that state no timing of their own. A programme's
# name ("ĐỀ ÁN … ĐẾN NĂM 2030") over a list of tasks is only a name: its tasks stay undated.
_HORIZON = re.compile(r"\b(?:đến|giai đoạn)\s+(?:năm\s+)?(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?\b", re.I)


_TARGETS = re.compile(r"\b(?:chi tieu|muc tieu)\b")


_DATE_LINE = re.compile(r"^[^,.;:]{2,40},\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}\s*\.?$", re.I)


def _title_horizon(node: Node) -> str | None:
    p = node.para
    if p is None or not p.caps or p.style is not None or p.cells is not None:
        return None
    m = _HORIZON.search(p.text)
    return m.group(0) if m and _TARGETS.search(fold(p.text[: m.start()])) else None


def _walk_body(paras: list[Para], plan_year: int | None, org_as_tasks: bool) -> Walk:
    tree = build_tree(paras)
    walk = Walk(plan_year=plan_year, org_as_tasks=org_as_tasks)
    kind = "preamble"
    for child in tree.children:
        if walk.closed:
            # After the signature only an appendix ("PHỤ LỤC", a task table) or the plan a
            # decision issues ("CHƯƠNG TRÌNH" after the Nghị quyết's signature) still counts.
            if not (_is_appendix(child) or _is_doc_title(child) or _is_duties_title(child.para)):
                continue
            walk.closed = False
            walk.appendix_lead = _duties_owner(child.para)
        p = child.para
        # The preamble ("Căn cứ ...") ends at the first heading or table.
        if p is not None and (child.style or p.caps or p.cells is not None or child.children):
            kind = "tasks"
        _visit(child, walk, kind)
    return walk


# "NHIỆM VỤ CỦA CÁC BỘ…", "DANH MỤC CÁC NHIỆM VỤ …": an appendix that gives out work. Its
# neighbours ("ĐỊNH HƯỚNG SẮP XẾP …", "VỊ TRÍ PHÁP LÝ, CHỨC NĂNG NHIỆM VỤ …") describe.
_DUTIES_TITLE = re.compile(r"^(?:danh muc |bang )?(?:cac )?(?:nhiem vu|cong viec|phan cong)\b")


def _is_duties_title(p: Para | None) -> bool:
    return p is not None and p.caps and p.cells is None and bool(_DUTIES_TITLE.match(fold(p.text)))


def _duties_owner(p: Para | None) -> list[str]:
    """ "NHIỆM VỤ CỦA CÁC BỘ, NGÀNH, ĐỊA PHƯƠNG" -> the bodies whose duties the appendix lists."""
    if not _is_duties_title(p):
        return []
    m = re.search(r"\bcủa\s+(.+?)\s*$", p.text, re.I)
    if not m:
        return []
    owner = collective_in_plain_case(m.group(1).strip(" .:"))
    return split_units(owner) if looks_like_unit(owner) else []


def _without_descriptive_appendices(paras: list[Para]) -> list[Para]:
    """Drop the appendices that give out no work: a bare "Phụ lục II" line whose capitals title
    does not name duties, and no table, up to the next appendix. Read as tasks, the lists of
    sites, criteria and guidance such appendices hold were a plan's largest source of noise."""
    labels = [
        i for i, p in enumerate(paras)
        if p.cells is None and is_appendix_label(p.text)
    ]
    if not labels:
        return paras
    keep = list(paras[: labels[0]])
    for n, start in enumerate(labels):
        end = labels[n + 1] if n + 1 < len(labels) else len(paras)
        part = paras[start:end]
        title = next((p for p in part[1:4] if p.caps), None)
        if _is_duties_title(title) or any(p.cells is not None for p in part):
            keep.extend(part)
    return keep


def _is_doc_title(node: Node) -> bool:
    p = node.para
    if p is None or not p.caps or p.style is not None or p.cells is not None:
        return False
    return bool(_DOC_TITLE.match(fold(p.text).strip(" :."))) and word_count(p.text) <= 10


def _is_appendix(node: Node) -> bool:
    p = node.para
    if p is None:
        return False
    if p.cells is not None and not p.group_row:
        return True
    if re.match(r"^(?:phu luc|danh muc|bieu|bang)\b", fold(p.text)) and (p.caps or p.heading or p.bold):
        return True
    return any(c.para is not None and c.para.cells is not None for c in node.children)


def parse_document(doc: Document, filename: str = "") -> ParseResult:
    paras = build_paragraphs(doc)
    if doc.fmt in ("xlsx", "csv"):
        info = template_header(paras)
        targets = [
            re.split(r":\s*", p.text, maxsplit=1)[1]
            for p in paras
            if p.cells is None and fold(p.text).startswith(("muc tieu", "chi tieu")) and ":" in p.text
        ]
        body = [p for p in paras if p.cells is not None]
        header = Header(info=info, body_start=0, title_found=bool(info.title))
    else:
        header = parse_header(paras, doc.fmt)
        info = header.info
        body = _without_descriptive_appendices(paras[header.body_start :])
        targets = []
    if info.year is None:
        info.year = guess_year(paras)
    text_all = " ".join([info.title] + [p.text for p in paras])
    info.index_tags = [name for name, pattern in INDEX_TAGS if pattern.search(text_all)]

    warnings: list[str] = []
    walk = _walk_body(body, info.year, org_as_tasks=False)
    if walk.org_seen and not any(d.kind == "tasks" for d in walk.drafts):
        # No tasks section: the plan's duties are the ones "Tổ chức thực hiện" gives each unit
        # (the dated ones alone were found so far).
        fallback = _walk_body(body, info.year, org_as_tasks=True)
        if len(fallback.drafts) > len(walk.drafts):
            walk = fallback
            warnings.append(tr("importer.warn.fallback_org"))
    tasks: list[TaskItem] = []
    applied_plan_timing = 0
    for d, roles in _assigned_work(walk):
        if _DATE_LINE.match(d.text):
            continue  # "Hà Nội, ngày 08 tháng 4 năm 2026": the document's place and date
        timing_text, timing, from_plan = _resolve_timing(d, walk)
        applied_plan_timing += from_plan
        recurrence = timing.recurrence if timing and timing.recurrence in RECURRENCES else None
        tasks.append(
            TaskItem(
                ref=d.ref,
                section=d.section,
                text=d.text,
                lead=roles.lead,
                coordinate=[u for u in roles.coordinate if u not in roles.lead],
                monitor=roles.monitor,
                timing_text=clean_spaces(timing_text).strip(" .;") if timing_text else None,
                deadline=timing.deadline if timing else None,
                recurrence=recurrence,
            )
        )
        tasks[-1].flags = task_flags(
            tasks[-1], lead_from_heading=_lead_from_heading(d), deadline_from_plan=from_plan
        )
    _dedupe_refs(tasks)
    plan_default = find_plan_default((p.text for p in body), info.title, info.year)
    defaulted = apply_plan_default(tasks, plan_default)
    if defaulted and plan_default:
        warnings.append(tr("importer.warn.plan_default", timing=plan_default.text[:80], count=defaulted,
                           date=plan_default.deadline.strftime("%d/%m/%Y")))
    if not info.title:
        info.title = re.sub(r"\.[^.]+$", "", filename or "").replace("_", " ").strip() or "Kế hoạch"
        warnings.append(tr("importer.warn.no_title"))
    if info.year is None:
        warnings.append(tr("importer.warn.no_year"))
    if applied_plan_timing and walk.plan_timing:
        warnings.append(
            tr("importer.warn.plan_timing", timing=walk.plan_timing[0][:80], count=applied_plan_timing)
        )
    if doc.unreadable_tables:
        warnings.append(tr("importer.warn.unreadable_table", count=doc.unreadable_tables))
    no_lead = sum(1 for t in tasks if not t.lead)
    if no_lead:
        warnings.append(tr("importer.warn.no_lead", count=no_lead))
    return ParseResult(
        plan=info,
        targets=[t for t in (targets or walk.targets) if t],
        tasks=tasks,
        warnings=warnings,
        source_filename=filename or None,
        source_format=doc.fmt,
    )


def _lead_from_heading(draft: Draft) -> bool:
    """The task's lead is the unit heading it sits under, not a unit named for the task itself."""
    if draft.own.lead:
        return False
    for n in [draft.node, *draft.node.ancestors()]:
        if n.roles.lead:
            return bool(n.memo.get("unit_heading"))
    return False


# Duties given unit by unit (under TỔ CHỨC THỰC HIỆN, or as task-table rows) from which on
# the plan's unassigned lists of work are its content, not tasks.
MIN_ASSIGNED_DUTIES = 3


def _assigned_work(walk: Walk) -> list[tuple[Draft, Roles]]:
    """The drafts that are tasks, with their resolved roles.

    Where a plan assigns its work says which of its lists are tasks:
    - its NHIỆM VỤ / GIẢI PHÁP items name their units: those are the tasks, and the duties
      under TỔ CHỨC THỰC HIỆN's unit headings restate oversight ("Văn phòng Sở: đôn đốc,
      theo dõi ...") and count only when dated or given with "Giao ...";
    - they name no unit, and the plan gives its work unit by unit (unit headings with their
      duties under TỔ CHỨC THỰC HIỆN, a task table with a lead column): the unassigned
      items describe the work (solutions, directions) and are not tasks;
    - neither: the unassigned items are kept (the office gives them a lead)."""
    resolved = [(d, _resolve_roles(d), _is_assigned(d)) for d in walk.drafts]
    in_tasks = [
        assigned for d, _, assigned in resolved
        if d.kind == "tasks" and d.node.para.cells is None and not _led_by_unit_heading(d)
    ]
    led = sum(in_tasks)
    duties = sum(1 for d, _, _ in resolved if d.kind == "duties")
    if led >= MIN_ASSIGNED_DUTIES and led >= len(in_tasks) - led and led >= 2 * duties:
        # A unit's duties that restate what the task sections already gave the same unit.
        task_units = {
            fold(u) for d, roles, _ in resolved if d.kind == "tasks" and d.node.para.cells is None for u in roles.lead
        }

        def restated(d: Draft, roles: Roles) -> bool:
            # A duty that hands something in ("xây dựng kế hoạch", "báo cáo", "gửi Bộ X")
            # is work of its own, not the oversight the task sections already gave.
            return bool(roles.lead) and all(fold(u) in task_units for u in roles.lead) and not _DELIVERS.search(
                fold(d.text))

        return [
            (d, roles)
            for d, roles, _ in resolved
            if d.kind != "duties" or _dated_or_assigned(d.text, walk) or not restated(d, roles)
        ]
    elsewhere = sum(
        1 for d, _, assigned in resolved
        if assigned and (d.kind in ("duties", "org") or d.node.para.cells is not None or _led_by_unit_heading(d))
    )
    if elsewhere < MIN_ASSIGNED_DUTIES:
        return [(d, roles) for d, roles, _ in resolved]
    return [
        (d, roles) for d, roles, assigned in resolved
        if assigned or d.kind != "tasks" or d.node.para.cells is not None or _common_duty(d)
        or (d.timing is not None and d.timing.deadline is not None)  # dated: a task the office assigns
    ]


_FUNDING_RULE = re.compile(r"^(?:kinh phi|nguon kinh phi|nguon von)\b(?!\s*:)[^.;]{0,200}\b(?:theo quy dinh|tu nguon|do ngan sach|duoc bo tri|bo tri trong)\b")
_DELIVERS = re.compile(r"\b(?:xay dung ke hoach|bao cao|gui (?:bo|so|van phong|ve)|trinh)\b")


def _common_duty(draft: Draft) -> bool:
    """Under "Nhiệm vụ chung" (everyone's duties), an item with no unit is still a task."""
    return any(n.para is not None and _COMMON_DUTIES.search(fold(n.text)) for n in draft.node.ancestors())


_COMMON_DUTIES = re.compile(r"\b(?:nhiem vu|trach nhiem|cong viec) chung\b")


def _led_by_unit_heading(draft: Draft) -> bool:
    """A duty listed under its unit's heading ("1. Sở Tài chính" / "- …"), not naming it itself."""
    return not draft.own.lead and any(n.memo.get("unit_heading") for n in draft.node.ancestors())


def _is_assigned(draft: Draft) -> bool:
    """The plan names who does it: in the task's own words, in its table row, or in a heading
    above it that names a body (known to the unit table or not)."""
    if draft.own.lead:
        return True
    return any(n.roles.lead or n.memo.get("body") for n in [draft.node, *draft.node.ancestors()])


def _dedupe_refs(tasks: list[TaskItem]) -> None:
    seen: Counter[str] = Counter()
    for t in tasks:
        if t.ref is None:
            continue
        seen[t.ref] += 1
        if seen[t.ref] > 1:
            t.ref = f"{t.ref}#{seen[t.ref]}"[:32]


def parse_bytes(data: bytes, filename: str) -> ParseResult:
    """The whole pure pipeline: bytes of a plan file -> parse result. Raises ImportFailure."""
    review = read_review_sheet(data, filename)  # nhacviec's own review sheet, corrected by the office
    if review is not None:
        return review
    doc = extract(data, filename)
    result = parse_document(doc, filename)
    result.source_sha256 = hashlib.sha256(data).hexdigest()
    if not result.tasks:
        raise ImportFailure("no_tasks", name=filename)
    return result
