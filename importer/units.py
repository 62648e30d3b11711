"""Unit names: cleaning, splitting lists, group phrases and resolution to a directory.

Pure: the directory is passed in as plain records, so it works without a database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from importer.bodies import MINISTRY_NAMES
from importer.textutil import clean_spaces, fold, strip_markup

FUZZY_THRESHOLD = 87
FUZZY_MARGIN = 4

# Words a unit name starts with (folded). Longest first so "van phong" beats "phong".
UNIT_HEADS = (
    "van phong", "thanh tra", "chi cuc", "trung tam", "phong", "ban", "to", "so", "uy ban",
    "ubnd", "bo phan", "don vi", "co quan", "hoi dong", "cong doan", "doan thanh nien",
    "chi doan", "chi bo", "dang uy",
)
# Words that look like a unit head but start a verb phrase: "Tổ chức", "Ban hành", "Phòng, chống".
NOT_UNIT = re.compile(
    r"^(?:to chuc|ban hanh|phong,? chong|phong ngua|phong tranh|so hoa|so luong|so sanh|so ket|so lieu|so tt|"
    # ... and body nouns that start common words, which capitals ("BÁO CÁO") do not tell apart.
    r"bao cao|bao dam|bao ve|bao ton|bao quan|bao tri|bao chi|bo sung|bo tri|hoi nghi|hoi thao|hoi dap|"
    r"dai hoi|dai dien|dai tra|cuc bo|vien tro|doan ket|cong ty hoa)\b"
)
_UNIT_HEAD_RE = re.compile(
    r"^(?:" + "|".join(sorted((re.escape(h) for h in UNIT_HEADS), key=len, reverse=True)) + r")\b"
    r"|^(?:p\.\s*\w|tt\s|ttr\b|cc\s|vp\b)"  # "P. QLKH", "TT Thông tin", "CC TĐC", "VP Sở"
)
# Titles written before a unit: "Chánh Văn phòng", "Chi cục trưởng Chi cục ...".
_TITLE_RE = re.compile(
    r"^(?:(?:dong chi|d/c|ong|ba)\s+)?(?:pho\s+)?(?:chanh(?=\s+(?:van phong|thanh tra))|"
    r"truong(?=\s+(?:phong|ban|cac))|giam doc(?=\s+(?:trung tam|so|cac))|"
    r"chi cuc truong|thu truong|lanh dao|nguoi dung dau|vien truong)\s+",
)

_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    # "Trung tâm TT&ƯDKHCN": written as one run, so before the KH&CN rule.
    (r"tt\s*(?:&|va)\s*ud\s*kh\s*(?:&|va)?\s*cn", "thong tin va ung dung khoa hoc va cong nghe"),
    (r"tt\s*(?:&|va)\s*ud", "thong tin va ung dung"),
    (r"kh\s*(?:&|va|-|&amp;)\s*cn|khcn", "khoa hoc va cong nghe"),
    (r"tc\s*-?\s*dl\s*-?\s*cl|tcdlcl|tdc", "tieu chuan do luong chat luong"),
    (r"cntt", "cong nghe thong tin"),
    (r"tt\s*(?:&|va)\s*tt|tttt", "thong tin va truyen thong"),
    (r"qlkh\s*&?\s*cn", "quan ly khoa hoc va cong nghe"),
    (r"qlkh", "quan ly khoa hoc"),
    (r"qlcn", "quan ly cong nghe"),
    (r"ql", "quan ly"),
    (r"vp", "van phong"),
    (r"^p", "phong"),
    (r"^tt(?= [a-z])", "trung tam"),
    (r"^cc(?= [a-z])", "chi cuc"),
    (r"ubnd", "uy ban nhan dan"),
    (r"dmst", "doi moi sang tao"),
    (r"shtt", "so huu tri tue"),
    (r"atbxhn|atbx", "an toan buc xa"),
    (r"hcth", "hanh chinh tong hop"),
    (r"kh\s*-?\s*tc", "ke hoach tai chinh"),
    (r"ttr", "thanh tra"),
    (r"ud", "ung dung"),
)
_ABBR_RES = tuple((re.compile(rf"(?<![a-z]){a}(?![a-z])"), full) for a, full in _ABBREVIATIONS)

# Department-level suffixes that do not distinguish units inside one department.
_TRAILING = re.compile(r"\s+(?:truc thuoc so|thuoc so|cua so|so|tinh)$")

_ALL_GROUP = re.compile(
    r"^(?:tat ca |toan the |thu truong |lanh dao |truong )?(?:cac|toan bo|tat ca)\s+"
    r"(?:phong|don vi|co quan|ban|to chuc)\b|^toan so\b|^cac phong,|^toan the (?:cong chuc|can bo)\b"
)
_RELATED = re.compile(
    r"\b(?:lien quan|co lien quan|co website|duoc giao|khac|neu co|tuong ung|dia phuong)\b|\bso,\s*nganh"
)
_PARENS = re.compile(r"\([^()]*\)|\[[^\]]*\]")


def unit_key(name: str) -> str:
    """Comparable form: no diacritics, no case, abbreviations expanded, punctuation dropped."""
    return _unit_key(name)


@lru_cache(maxsize=16384)
def _unit_key(name: str) -> str:
    s = fold(strip_markup(name))
    s = s.replace("&amp;", "&")
    for pattern, full in _ABBR_RES:
        s = pattern.sub(full, s)
    s = re.sub(r"[^a-z0-9 ]+", " ", s)
    s = clean_spaces(s)
    s = _TITLE_RE.sub("", s)
    prev = None
    while prev != s:
        prev = s
        s = _TRAILING.sub("", s)
    return s


def core_key(key: str) -> str:
    """The key without its leading unit word ("phong quan ly cong nghe" -> "quan ly cong nghe")."""
    m = _UNIT_HEAD_RE.match(key)
    if not m:
        return key
    rest = key[m.end() :].strip()
    return rest if len(rest.split()) >= 2 else key


# Bodies outside a department that plans assign work to (folded head words), and whether
# the plan's next word must be capitalised for the head to name a body: "Bộ Tài chính" but
# not "bộ tiêu chí", "Hội Nông dân" but not "hội nghị", "Cục Thuế" but not "cục bộ".
# Checked longest first; "các" + one of these is a collective body ("Các bộ, ngành").
BODY_HEADS: tuple[tuple[str, bool], ...] = (
    ("bo chi huy", False),
    ("bo doi bien phong", False),
    ("bo", True),
    ("cong an", False),
    ("ngan hang", False),
    ("vien kiem sat", False),
    ("vien", True),
    ("hoc vien", True),
    ("toa an", False),
    ("mat tran", False),
    ("lien doan", False),
    ("lien minh", False),
    ("lien hiep", False),
    ("hiep hoi", False),
    ("hoi lien hiep", False),
    ("hoi", True),
    ("tinh doan", False),
    ("thanh doan", False),
    ("doan", True),
    ("dai", True),
    ("bao va phat thanh", False),
    ("bao", True),
    ("cuc", True),
    ("tong cuc", False),
    ("kho bac", False),
    ("bao hiem xa hoi", False),
    ("hai quan", True),
    ("thue", True),
    ("truong dai hoc", False),
    ("truong cao dang", False),
    ("dai hoc", True),
    ("tong cong ty", False),
    ("tap doan", True),
    ("cong ty", True),
    ("tinh uy", False),
    ("thanh uy", False),
    ("hdnd", False),
    ("hoi dong nhan dan", False),
    ("ban chi dao", False),
    ("to cong tac", False),
    ("co quan", False),
    ("doanh nghiep", True),
    ("thong tan xa", False),
    ("khu cong nghe", False),
    ("cong thong tin dien tu", False),
    ("hoi nong dan", False),
    ("hoi cuu chien binh", False),
    # People named by their office lead as their body does: "Bộ trưởng Bộ Công an".
    ("bo truong", False),
    ("chu tich", False),
    ("tong thu ky", False),
    ("thu truong", False),
)
_BODY_HEADS_SORTED = tuple(sorted(BODY_HEADS, key=lambda h: len(h[0]), reverse=True))
# "Các doanh nghiệp", "các cơ sở đào tạo", "các trường": collective bodies with no head above.
_COLLECTIVE_ONLY = re.compile(r"^(?:cac|tat ca cac)\s+(?:doanh nghiep|co so (?:dao tao|giao duc|y te)|truong|"
                              r"to chuc|dia phuong|bo|so|hoi|ngan hang|tap doan|cong ty|trung tam|doan the|co so|cap uy|chu dau tu|khu|"
                              r"tinh|thanh pho|xa|phuong|huyen|dac khu)\b")


def body_head(folded: str, words: list[str]) -> str | None:
    """The body noun `folded` starts with, if the words as written confirm it."""
    for head, capital in _BODY_HEADS_SORTED:
        if folded == head or folded.startswith((head + " ", head + ",")):
            n = len(head.split())
            nxt = words[n] if len(words) > n else ""
            if capital and not nxt[:1].isupper() and not (head in ("bo", "hoi") and folded.startswith(head + ",")):
                return None
            return head
    return None


@lru_cache(maxsize=16384)
def looks_like_unit(text: str) -> bool:
    raw = strip_markup(text).lstrip("-*+• ").strip()
    folded = fold(raw)
    title = _TITLE_RE.match(folded)
    f = folded[title.end() :] if title else folded
    if NOT_UNIT.match(f):
        return False
    # "Sở" and "số" fold alike; only the former names a body.
    if f.startswith("so ") and not re.match(r"^(?:(?:\S+\s+){0,3})(?:Sở|SỞ|sở)\b", raw):
        return False
    if _UNIT_HEAD_RE.match(f) or _ALL_GROUP.match(f) or _COLLECTIVE_ONLY.match(f):
        return True
    if _PLACE_BODY.match(raw):
        return True  # "Thành phố Hồ Chí Minh", "Tỉnh Quảng Ninh": a province's government
    words = raw.split()[len(folded[: title.end()].split()) if title else 0 :]
    return body_head(f, words) is not None


# A province or a centrally run city by its proper name, as ministries' plans assign them.
# Its name ends the text or the first of a list joined by "và" ("Thành phố Hồ Chí Minh và UBND
# các tỉnh").
_PLACE_BODY = re.compile(
    r"^(?:Thành phố|TP\.?|Tỉnh)\s+(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3}(?:\s*$|\s+và\s)"
)


# Bodies outside the department (other Sở, the province, ministries) and its leadership:
# kept in the plan's text, never turned into units of this department.
_EXTERNAL = re.compile(
    r"^(?:cac )?(?:so\s+\w|so, (?:ban|nganh)|ubnd|uy ban|bo\s+\w|tinh uy|"
    r"hdnd|hoi dong nhan dan|cuc\s|kho bac|cong an|bao hiem|lien doan|lien hiep|mat tran|"
    r"van phong (?:ubnd|uy ban|tinh uy|hdnd|doan)|dai\s|bao\s|trung tam phuc vu hanh chinh cong|"
    r"lanh dao|giam doc|pho giam doc|ban giam doc|chu tich|thu truong (?:co quan|don vi)$|"
    r"doanh nghiep|to chuc, ca nhan|nguoi dan|huyen|thanh pho|thi xa|xa\s)"
)


@lru_cache(maxsize=8192)
def group_kind(name: str) -> str | None:
    """"all" for "Các phòng, đơn vị thuộc Sở" and the like, "related" for vague groups,
    "external" for bodies outside the department."""
    f = clean_spaces(fold(_PARENS.sub(" ", strip_markup(name))))
    if _EXTERNAL.match(f):
        return "external"
    f = re.sub(r"^(?:thu truong|lanh dao|truong)\s+", "", f)
    if _ALL_GROUP.match(f) or re.match(r"^(?:phong|co quan), don vi\b", f):
        return "related" if _RELATED.search(f) else "all"
    if re.match(r"^(?:cac\s+)?(?:co quan|don vi|phong)(?:,\s*(?:co quan|don vi))*\s+(?:lien quan|co lien quan)", f):
        return "related"
    if re.match(r"^cac\s+\w+", f) and _RELATED.search(f):
        return "related"
    return None


def clean_unit_name(name: str) -> str:
    """Strip markup, notes in brackets, titles and stray punctuation."""
    s = _PARENS.sub(" ", strip_markup(name))
    s = s.replace("(", " ").replace(")", " ")
    s = clean_spaces(s).strip(" .,;:-–*+•")
    s = re.sub(r"^(?:và|hoặc|giao cho|giao|do|cho)\s+", "", s, flags=re.I)
    # "Chánh Văn phòng Sở" -> "Văn phòng Sở", keeping the unit as the plan names it.
    folded = fold(s)
    m = _TITLE_RE.match(folded)
    if m and _UNIT_HEAD_RE.match(folded[m.end() :]) and folded[m.end() :].strip() != "so":  # "Lãnh đạo Sở" stays
        s = s[m.end() :]
    return s[:1].upper() + s[1:] if s else s


def split_units(value: str) -> list[str]:
    """Split "Thanh tra Sở, Phòng QLKH; các phòng, đơn vị liên quan" into unit names."""
    value = _PARENS.sub(" ", strip_markup(value))
    value = re.sub(r"\s*\(.*$", "", value)  # an unclosed note runs to the end
    value = re.sub(r"(^|[\s,;])([A-Za-zĐđ])\.\s+", r"\1\2.", value)  # "P. QLKH" is one name
    value = join_name_lines(value)
    # A line ending or starting with "và" goes on to the next: "UBND tỉnh A, Thành phố B và" /
    # "UBND các tỉnh khác" is one list, split at its "và" like any other.
    value = re.sub(r"\s+và\s*\n\s*|\s*\n\s*và\s+", " và ", value)
    # " - " separates units, but not inside "Phòng Kế hoạch - Tài chính".
    value = re.sub(r"\s+-\s+(?=[A-ZĐ])", lambda m: "\x1f" if _starts_unit(value[m.end() :]) else m.group(0), value)
    out: list[str] = []
    for part in re.split(r"[;\n\x1f]|\.\s+", value):
        # "Về quản lý khu công nghiệp: Bộ Tài chính": the topic a unit answers for is no name;
        # "Các bộ theo chức năng, nhiệm vụ được giao", "Bộ X đối với …": nor is what qualifies it.
        part = _QUALIFIER.sub("", _TOPIC.sub("", part.strip())).strip(" .,:")
        if not part:
            continue
        listed = _HEAD_LIST.match(part)
        if listed:
            # "Các Bộ: Tài chính, Xây dựng, Công an": one body each ("và" stays: it is inside
            # names such as "Nông nghiệp và Môi trường"); a group after them ("…, các bộ,
            # cơ quan") is read as any list.
            names = [n.strip() for n in listed.group(4).split(",")]
            rest = next((i for i, n in enumerate(names) if n[:1].islower()), len(names))
            out.extend(f"{_list_head(listed)} {n}" for n in names[:rest] if n)
            part = ", ".join(names[rest:])
            if not part:
                continue
        pieces = [p.strip() for p in part.split(",")]
        merged: list[str] = []
        for piece in pieces:
            if not piece:
                continue
            f = fold(piece)
            if merged and _HEADS_OF_MINISTRIES.match(fold(merged[-1])) and re.match(
                    r"(?:thu truong )?co quan (?:ngang bo|thuoc|truc thuoc)", f):
                # "Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ" and on through the bodies under the
                # Government: the heads of every ministry-level body, one assignee.
                merged[-1] = merged[-1] + ", " + piece
                continue
            if merged and _another_ministry(merged[-1], f):
                merged.append("Bộ " + piece)  # "Bộ Xây dựng, Khoa học và Công nghệ"
                continue
            if merged and _PLACE_BODY.match(piece[:1].upper() + piece[1:]) and piece[:1].islower():
                merged.append(piece[:1].upper() + piece[1:])  # "Thành phố A, thành phố B"
                continue
            # "các phòng, đơn vị thuộc Sở": the pieces after "các phòng" belong to the group.
            joins_group = group_kind(merged[-1] + ", " + piece) in ("all", "related") if merged else False
            # "Các sở, ngành, địa phương, các hội nghề nghiệp": a second "các …" after a whole
            # collective is another assignee, not more of the first.
            second = bool(merged) and f.startswith("cac ") and _is_collective(merged[-1]) and group_kind(
                merged[-1] + ", " + piece) != "all"  # "Các phòng, các đơn vị thuộc Sở" stays one group
            if (merged and joins_group and not second and not _starts_capital_unit(piece)) or (
                merged and not looks_like_unit(piece) and not f.startswith(("cac ", "tat ca"))
            ) or (merged and _continues_collective(merged[-1], piece)):
                merged[-1] = merged[-1] + ", " + piece
            else:
                merged.append(piece)
        for m in merged:
            out.extend(_split_and(m))
    cleaned = [clean_unit_name(u) for u in out]
    return _dedupe([u for u in cleaned if u and len(u) > 1])


# "Các Bộ: Tài chính, Xây dựng", "UBND các xã: A, B": the head word, then the names it heads.
_HEAD_LIST = re.compile(
    r"^(?:[Cc]ác\s+(Bộ|Sở|Ban|Phòng)|(Ủy ban nhân dân|UBND)\s+các\s+(xã|phường|huyện|tỉnh))\s*:\s*(\S.*)$"
)


def heads_a_list(text: str) -> bool:
    """ "Các Bộ: Xây dựng, Công Thương", "UBND các xã: A, B": names after a head word and a colon."""
    return bool(_HEAD_LIST.match(text.strip()))


def _list_head(m: re.Match[str]) -> str:
    return m.group(1) or f"{m.group(2)} {m.group(3)}"
_TOPIC = re.compile(r"^(?:\d{1,2}[.)]\s*)?(?:Về|Đối với)\s[^:;]{1,150}:\s*(?=\S)")
_QUALIFIER = re.compile(r"\s+(?:theo chức năng|theo thẩm quyền|đối với|trong phạm vi)\b.*$", re.I | re.S)


_HEADS_OF_MINISTRIES = re.compile(r"^(?:cac )?bo truong\b")


def _another_ministry(before: str, piece: str) -> bool:
    """ "Bộ Xây dựng" then "Khoa học và Công nghệ": a ministry's name without its "Bộ", after a
    ministry ("Bộ Văn hóa" then "Thể thao và Du lịch" goes on the first name)."""
    if not before.startswith("Bộ ") or piece not in MINISTRY_NAMES:
        return False
    return fold(before[4:]) + ", " + piece not in MINISTRY_NAMES


def join_name_lines(value: str) -> str:
    """A cell's next line that starts no unit continues the name ("Văn phòng" / "Sở")."""
    return re.sub(r"\s*\n\s*", lambda m: "\n" if _starts_unit(value[m.end() :]) else " ", value.strip())


def _starts_unit(rest: str) -> bool:
    line = rest.split("\n", 1)[0]
    return looks_like_unit(line) and fold(line).strip(" .,;") != "so"


_BARE_HEAD = re.compile(r"^(?:phong|chi cuc|trung tam|ban|don vi|co quan|to)(?: (?:truc )?thuoc so)?$")


def _starts_capital_unit(piece: str) -> bool:
    # "Các Phòng, Chi cục, Trung tâm": bare head words continue the group, they name no unit.
    if _BARE_HEAD.match(fold(piece).strip(" .")):
        return False
    return bool(piece[:1].isupper()) and looks_like_unit(piece) and not piece.lower().startswith("các")


# Plural nouns that after "và" start a group of assignees of their own (lower case).
_GROUP_AFTER_AND = r"(?:hiệp hội|doanh nghiệp|địa phương|đoàn thể|tổ chức|cơ quan|đơn vị)\b"


def _split_and(name: str) -> list[str]:
    """Split on "và" only when a new unit starts after it ("Thanh tra và Văn phòng", "Công an
    tỉnh và Ủy ban nhân dân các xã"), not inside one name ("Sở Khoa học và Công nghệ"); "và các
    ..." after a collective stays with it ("Các bộ, địa phương và các cơ quan liên quan")."""
    parts: list[str] = []
    start = 0
    for m in re.finditer(r"\s+(?:và|cùng|với)\s+(?=\S)", name):
        rest = name[m.end() :]
        before = name[start : m.start()]
        if re.match(r"(?:Phòng|Văn phòng|Thanh tra|Chi cục|Trung tâm|Ban|Tổ|Sở)\b", rest):
            pass
        elif re.match(r"[Cc]ác\b", rest) or re.match(_GROUP_AFTER_AND, rest):
            # "Khu Công nghệ cao và hiệp hội, doanh nghiệp liên quan": a group after one body.
            if _is_collective(before):
                continue
        elif not (rest[:1].isupper() and looks_like_unit(rest)):
            continue
        parts.append(before)
        start = m.end()
    parts.append(name[start:])
    return [p for p in parts if p.strip()]


# Plain nouns that continue a collective list: "Các sở, ban, ngành", "UBND các xã, phường",
# "Các bộ, cơ quan ngang bộ, địa phương". Written in lower case after a comma.
COLLECTIVE_NOUNS = (
    "so", "ban", "nganh", "bo", "co quan", "don vi", "dia phuong", "doan the", "phuong", "xa", "dac khu",
    "thi tran", "hoi", "hiep hoi", "doanh nghiep", "to chuc", "truong", "cap", "thanh pho", "tinh",
)
_COLLECTIVE_NOUN_RE = re.compile(r"^(?:" + "|".join(sorted(COLLECTIVE_NOUNS, key=len, reverse=True)) + r")\b")


def _is_collective(name: str) -> bool:
    """ "Các sở", "UBND các xã", "Thủ trưởng các sở", a bare "Bộ": a group, not one body."""
    f = fold(name).strip()
    return bool(re.search(r"(?:^|\s)(?:cac|tat ca|nhung)\s", f)) or bool(_COLLECTIVE_NOUN_RE.fullmatch(f))


def collective_in_plain_case(name: str) -> str:
    """A capitals title's group ("CÁC SỞ, BAN, NGÀNH") as a sentence writes it; one body's
    name in capitals ("SỞ TÀI CHÍNH") is left as it is, its capitals cannot be guessed."""
    if name.isupper() and _is_collective(name):
        return name[:1] + name[1:].lower()
    return name


def _continues_collective(prev: str, piece: str) -> bool:
    return piece[:1].islower() and bool(_COLLECTIVE_NOUN_RE.match(fold(piece))) and not fold(piece).startswith(
        ("cac ", "tat ca")
    ) and _is_collective(prev.split(",")[0])


def _dedupe(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        k = fold(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


@dataclass(frozen=True)
class UnitRecord:
    id: int
    name: str
    aliases: tuple[str, ...] = ()
    is_office: bool = False


@dataclass
class UnitDirectory:
    """An organization's units, ready for matching names written in plans."""

    units: list[UnitRecord]
    _exact: dict[str, int] = field(default_factory=dict, init=False)
    _keys: list[tuple[str, int]] = field(default_factory=list, init=False)
    _by_id: dict[int, UnitRecord] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for u in self.units:
            self._by_id[u.id] = u
            for label in (u.name, *u.aliases):
                key = unit_key(label)
                if not key:
                    continue
                for k in {key, core_key(key)}:
                    self._exact.setdefault(k, u.id)
                    self._keys.append((k, u.id))
        if any(u.is_office for u in self.units):
            office = next(u for u in self.units if u.is_office)
            self._exact.setdefault("van phong", office.id)

    def get(self, unit_id: int) -> UnitRecord:
        return self._by_id[unit_id]

    def all_ids(self) -> list[int]:
        return [u.id for u in self.units]

    def resolve(self, name: str) -> UnitRecord | None:
        key = unit_key(name)
        if not key:
            return None
        for k in (key, core_key(key)):
            if k in self._exact:
                return self._by_id[self._exact[k]]
        # A shortened name: "Trung tâm Kiểm định và Phát triển" for the full one, or "Chi cục"
        # alone when the department has one.
        if len(key.split()) >= 3 or key in ("chi cuc", "trung tam", "phong", "ban"):
            hits = {uid for k, uid in self._keys if k.startswith(key + " ")}
            if len(hits) == 1:
                return self._by_id[hits.pop()]
        return self._fuzzy(key)

    def _fuzzy(self, key: str) -> UnitRecord | None:
        best: dict[int, float] = {}
        core = core_key(key)
        for k, uid in self._keys:
            score = max(fuzz.ratio(key, k), fuzz.ratio(core, k) if core != key else 0)
            if score > best.get(uid, 0):
                best[uid] = score
        if not best:
            return None
        ranked = sorted(best.items(), key=lambda kv: kv[1], reverse=True)
        top_id, top = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        if top >= FUZZY_THRESHOLD and top - second >= FUZZY_MARGIN:
            return self._by_id[top_id]
        return None
