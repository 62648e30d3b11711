"""Who does what: role labels, role clauses and units named inside sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from importer.textutil import fold, fold_aligned, is_upper_text, nfc
from importer.units import COLLECTIVE_NOUNS, heads_a_list, looks_like_unit, split_units

_COLLECTIVE = "|".join(sorted(COLLECTIVE_NOUNS, key=len, reverse=True))

ROLES = ("lead", "coordinate", "monitor")


@dataclass
class Roles:
    lead: list[str] = field(default_factory=list)
    coordinate: list[str] = field(default_factory=list)
    monitor: list[str] = field(default_factory=list)
    # "Phòng/đơn vị chủ trì theo dõi: X": X monitors, and leads only if nobody else does.
    soft_lead: list[str] = field(default_factory=list)
    # "Đồng chủ trì với X": X leads too, beside whoever else leads the task.
    co_lead: list[str] = field(default_factory=list)

    def add(self, role: str, units: list[str]) -> None:
        target = getattr(self, role)
        for u in units:
            if u not in target:
                target.append(u)

    def merge(self, other: Roles) -> None:
        for role in (*ROLES, "soft_lead", "co_lead"):
            self.add(role, getattr(other, role))

    def __bool__(self) -> bool:
        return bool(self.lead or self.coordinate or self.monitor or self.soft_lead or self.co_lead)

    def effective_lead(self) -> list[str]:
        return self.lead or self.soft_lead


_ROLE_WORD = re.compile(
    r"\b(chu tri|phoi hop|theo doi|tong hop|don doc|thuc hien|giam sat)\b"
)
_WORD_ROLE = {
    "chu tri": "lead",
    "thuc hien": "lead",
    "phoi hop": "coordinate",
    "theo doi": "monitor",
    "tong hop": "monitor",
    "don doc": "monitor",
    "giam sat": "monitor",
}
_GENERIC_LABEL_HEAD = re.compile(r"^(?:phong\s*/\s*don vi|phong, don vi|co quan|don vi|bo phan|phong|ban|to)\s+")

# Label families, on the folded label (the text before ":").
_CONTENT_LABEL = re.compile(r"^(?:noi dung|nhiem vu|giai phap|cong viec|ten nhiem vu|hoat dong)\b")
_TIMING_LABEL = re.compile(
    r"^(?:thoi gian|thoi han|tien do|han hoan thanh|han chot|moc thoi gian|ngay hoan thanh|hoan thanh)\b"
)
_ROLE_LABEL = re.compile(
    r"chu tri|phoi hop|theo doi|tong hop|don doc|phan cong|trach nhiem|giam sat|"
    r"^(?:(?:don vi|co quan|bo phan|phong(?:\s*/\s*don vi)?)\s+)?thuc hien$|^giao(?: cho)?$|"
    r"^(?:don vi|co quan|bo phan)(?: phu trach| duoc giao)?$"
)
_OTHER_LABEL = re.compile(
    r"^(?:san pham|ket qua|hinh thuc|ghi chu|kinh phi|muc tieu|yeu cau|chi tieu|dau ra|"
    r"lanh dao (?:phu trach|chi dao)|nguoi phu trach|phu trach|dia diem|thanh phan|doi tuong|"
    r"phuong thuc|cach thuc|luu y|nguon (?:kinh phi|von)|du toan)\b"
)
# Label phrases that stand alone without a colon ("b) Trách nhiệm thực hiện").
_BARE_LABEL = re.compile(
    r"^(?:(?:cac )?nhiem vu,? (?:va )?giai phap|noi dung(?: thuc hien| cong viec| nhiem vu)?|"
    r"trach nhiem thuc hien|phan cong(?: thuc hien| nhiem vu| trach nhiem)?|"
    r"(?:to chuc|don vi|co quan) (?:chu tri|thuc hien)|"
    r"thoi gian(?: thuc hien| hoan thanh)?|thoi han(?: hoan thanh)?|tien do(?: thuc hien)?|"
    r"san pham(?: dau ra)?|ket qua (?:dau ra|du kien))\s*[.:]?$"
)


@dataclass(frozen=True)
class Label:
    family: str  # content | timing | role | other
    label: str
    value: str


@lru_cache(maxsize=8192)
def parse_label(text: str) -> Label | None:
    """ "Cơ quan chủ trì: Thanh tra Sở" -> Label("role", ...). None for ordinary text."""
    f = fold(text).strip()
    if _BARE_LABEL.match(f):
        return Label(_family(f.rstrip(".: ")) or "other", text.rstrip(".: "), "")
    m = re.match(r"^([^:;()]{2,80}?)\s*:\s*(.*)$", text, re.S)
    if not m:
        return None
    label, value = m.group(1).strip(" *-"), m.group(2).strip()
    fl = fold(label)
    family = _family(fl)
    if family is None:
        return None
    if family == "content" and not value:
        return None  # "5. Giải pháp và tổ chức thực hiện:" is a heading
    if family == "role" and not value and _names_a_unit(label):
        return None  # "1. Văn phòng Sở chủ trì:" heads the unit's own tasks
    return Label(family, label, value)


def chained_labels(label: Label) -> list[Label]:
    """ "Chủ trì: X; phối hợp: Y; thời gian: Quý III" -> one label per part."""
    out = [label]
    if not label.value:
        return out
    parts = re.split(r"\s*;\s*|\.\s+|,\s+(?=(?:thời gian|thời hạn|phối hợp|Thời gian|Thời hạn|Phối hợp)\b)", label.value)
    first: list[str] = []
    for i, part in enumerate(parts):
        sub = parse_label(part.strip(" ,.")) if i else None
        if sub is not None and sub.family in ("role", "timing") and sub.value and len(sub.label.split()) <= 6:
            out.append(sub)
        elif len(out) > 1:
            last = out[-1]
            out[-1] = Label(last.family, last.label, f"{last.value}; {part}")
        else:
            first.append(part)
    if len(out) > 1:
        out[0] = Label(label.family, label.label, "; ".join(first))
    return out


def _family(fl: str) -> str | None:
    if len(fl.split()) > 12:
        return None
    if _TIMING_LABEL.match(fl):
        return "timing"
    if _CONTENT_LABEL.match(fl) and not re.search(r"chu tri|phoi hop|theo doi", fl):
        return "content"
    if _ROLE_LABEL.search(fl):
        return "role"
    if _OTHER_LABEL.match(fl):
        return "other"
    return None


def _names_a_unit(label: str) -> bool:
    """A specific unit before the role word ("Văn phòng Sở chủ trì"), not "Phòng/đơn vị chủ trì"."""
    fl = fold(label)
    if _GENERIC_LABEL_HEAD.match(fl) and _ROLE_WORD.match(_GENERIC_LABEL_HEAD.sub("", fl)):
        return False
    if _ROLE_WORD.match(fl):
        return False
    return looks_like_unit(label)


def roles_from_label(label: str, value: str) -> Roles:
    """Which roles a label assigns, then the units of its value."""
    fl = fold(label)
    roles = Roles()
    has_monitor = bool(re.search(r"theo doi|tong hop|don doc|giam sat", fl))
    has_lead = "chu tri" in fl
    has_coord = "phoi hop" in fl
    if has_monitor:
        if re.search(r"chu tri\s*(?:,|va)\s*(?:theo doi|tong hop|don doc)", fl):
            names = split_units(value)
            roles.add("lead", names)
            roles.add("monitor", names)
        else:
            names = split_units(value)
            roles.add("monitor", names)
            if has_lead:
                roles.add("soft_lead", names)
        return roles
    if has_coord and not has_lead:
        roles.add("coordinate", split_units(value))
        return roles
    if has_lead:
        roles.add("lead", split_units(value))
        return roles
    # "Phân công thực hiện: Thanh tra chủ trì; các phòng, đơn vị liên quan phối hợp".
    return parse_role_clause(value)


# Verbs that end a unit named as a sentence's subject ("Ủy ban nhân dân xã huy động ...")
# beyond the ones listed inline below (folded).
MORE_VERBS = (
    "huy dong", "chu dong", "tich cuc", "ky ket", "thong nhat", "phat trien", "dau tu", "uu tien",
    "khuyen khich", "can doi", "bo sung", "tuan thu", "dinh huong", "xem xet", "phan cong", "ket noi",
    "thuc thi", "phan bo", "tiep thu", "lanh dao", "mo", "la co quan", "la don vi", "la dau moi",
    "dong chu tri", "dinh ky", "thuong xuyen", "thuc day", "tien hanh", "tong ket", "so ket", "dau moi",
    "thanh lap", "kien toan",
    # Not a verb, but a unit's name never goes on past it: "Bộ Tài chính đối với nội dung …".
    "doi voi",
)

_VERB_STOP = re.compile(
    # The listed verbs first: "thúc đẩy" must not stop at "thuc" (spelled "thực", a name's word).
    r"\s+(?:{more}|chu tri|phoi hop|tham muu|thuc hien|to chuc|xay dung|trien khai|theo doi|tong hop|"
    r"bao cao|huong dan|kiem tra|ra soat|cap nhat|chiu trach nhiem|co trach nhiem|can cu|"
    r"quan triet|dam bao|tiep tuc|giup|lam|nghien cuu|phu trach|don doc|cung cap|chuan bi|gui|"
    r"du thao|ban hanh|tang cuong|day manh|duoc|thuc|can|nam bat|phat huy|xu ly|de xuat|"
    r"lap|trinh|phat dong|giam sat|thong tin|tuyen truyen|thong bao|tiep nhan|danh gia|"
    r"khao sat|hoan thanh|duy tri|nang cao|cai thien|ap dung|van hanh|quan ly|tap huan|"
    r"boi duong|dang tai|cong khai|niem yet|tiep|chi dao|sap xep|bo tri|tao|ho tro|giai quyet|"
    r"nop|dang ky|tham gia|pho bien|chinh ly|kiem ke|thiet ke|van dong|xac dinh|thong ke|bao dam|"
    r"theo|trong|de|khi|nham|va cac|cung voi|voi)\b".replace("{more}", "|".join(MORE_VERBS))
)


def verb_at(text: str, folded: str) -> int:
    """Where the verb after the unit named at the start of `text` begins (or its length)."""
    # Skip the unit's own first word(s) so "Phòng Tổ chức" is not cut at "tổ chức".
    head = re.match(r"^\s*(?:\S+\s+){1,2}", folded)
    start = head.end() if head else 0
    cased = not is_upper_text(text)
    pos = start - 1 if start else 0
    while (m := _VERB_STOP.search(folded, pos)) and cased and _inside_name(text, m.end() - len(m.group(0).lstrip()), m.end()):
        pos = m.end()  # "Bộ Kế hoạch và Đầu tư", "Bộ Giáo dục và Đào tạo": a name, not a verb
    return m.start() if m else len(text)


def names_only(text: str) -> bool:
    """No verb follows the unit `text` starts with: a name (or a list of names), not a sentence."""
    text = nfc(text)
    folded = fold_aligned(text)
    return len(folded) != len(text) or verb_at(text, folded) == len(text)


def unit_phrase(text: str) -> str:
    """The unit named at the start of `text`, up to the verb that follows it."""
    folded = fold_aligned(nfc(text))
    if len(folded) != len(text):
        text = nfc(text)
    cased = not is_upper_text(text)
    end = verb_at(text, folded)
    for cut in re.finditer(rf"[.;:(]|,\s+(?=[a-z])(?!(?:phong|cac|to|doan|{_COLLECTIVE})\b)", folded[:end]):
        if cut.group(0).startswith(",") and cased and text[cut.end() : cut.end() + 1].isupper():
            continue  # "Bộ Văn hóa, Thể thao và Du lịch", "Đài Truyền hình Việt Nam, Đài Tiếng nói …"
        if cut.start() > 0:
            end = cut.start()
            break
    return text[:end].strip(" ,")


def _inside_name(text: str, i: int, j: int) -> bool:
    """The word at `i` is written with a capital, or the stop word `text[i:j]` completes the
    word before it ("Đào tạo", "chủ đầu tư"): part of a name, not the verb after it."""
    before = text[:i].rstrip()
    if text[i : i + 1].isupper():
        return not before.endswith(("-", "–", ":", "."))  # "Chi cục TĐC - Đề xuất …": the duty starts
    spelled = STOP_SPELLING.get(fold(text[i:j]))
    if spelled and text[i:j].lower() != spelled:
        return True  # "cán bộ", "trọng điểm": the letters of "cần", "trong", another word
    prev = before.rsplit(None, 1)[-1] if before else ""
    if fold(prev) in ("cac", "nhung", "moi"):
        return True  # "các tổ chức chính trị - xã hội": a plural noun, never the verb
    if re.search(r"(?<!\w)do\s+(?:\S+\s+){0,3}\S+$", before):
        return True  # "Ban soạn thảo do UBTVQH thành lập": who set the body up, in its name
    return fold(f"{prev} {text[i:j]}").strip(" ,.;:") in NAME_WORDS


# One-syllable stop words as written: folded, "can" is also "cán" (cán bộ) and "trong" also
# "trọng" (trọng điểm), which are no verb or preposition.
STOP_SPELLING = {
    "can": "cần", "trong": "trong", "de": "để", "tao": "tạo", "lam": "làm", "lap": "lập", "tiep": "tiếp",
    "mo": "mở", "gui": "gửi", "theo": "theo", "voi": "với", "khi": "khi", "thuc": "thực", "duoc": "được",
    "nop": "nộp", "giup": "giúp", "trinh": "trình",
}


# Nouns whose last syllables alone are a verb that would end a unit's name: "Bộ Giáo dục
# và Đào tạo", "các cơ sở đào tạo", "Trung tâm Đổi mới sáng tạo", "Các chủ đầu tư" (folded).
NAME_WORDS = ("dao tao", "sang tao", "chu dau tu", "nha dau tu")


# "1. Bộ Tài chính tổng kết …" / "2. Bộ Tư pháp …": a cell listing units with their duties.
_CELL_ITEM = re.compile(r"(?:^|(?<=\s))\d{1,2}[.)]\s+(?=[A-ZĐÀ-Ỹ])")


def names_in_cell(value: str) -> str:
    """A role cell's units without the duties written after them: "Bộ Tài chính tổng kết,
    đánh giá …; Các bộ, cơ quan rà soát …" gives "Bộ Tài chính; Các bộ, cơ quan"."""
    parts = (p.strip() for p in _CELL_ITEM.sub(";", value).split(";"))
    return "; ".join(without_duty(p) for p in parts if p)


# Words after a unit that start no duty: "… và các tổ chức", "… theo lĩnh vực", "… với".
_NOT_A_DUTY = re.compile(r"(?:va cac|cung voi|voi|trong|de|khi|nham|theo(?! chuc nang))\b")


def without_duty(part: str) -> str:
    """The unit a part starts with, without the duty written after it (the part unchanged when
    no unit or no duty is seen)."""
    if names_only(part) or heads_a_list(part):
        return part  # "Các Bộ: Xây dựng, Công Thương": the names after the colon are no duty
    folded = fold_aligned(part)
    if len(folded) != len(part):
        return part
    cut = verb_at(part, folded)
    before = folded[:cut].rstrip()
    # ", tổ chức", "các tổ chức", "cơ quan quản lý": nouns of the list, not its duty.
    noun = before.endswith((",", " cac")) or folded.startswith("quan ly", cut + 1)
    if noun or _NOT_A_DUTY.match(folded, cut + 1) or not looks_like_unit(part[:cut]):
        return part
    return part[:cut]



def parse_role_clause(value: str, default: str = "lead") -> Roles:
    """ "Thanh tra chủ trì; các phòng, đơn vị liên quan phối hợp", "Văn phòng chủ trì, phối hợp với X"."""
    roles = Roles()
    value = nfc(value)
    # " - " separates clauses, but not inside "Phòng Kế hoạch - Tài chính".
    value = re.sub(r"\s+-\s+", lambda m: m.group(0) if _continues_name(value, m) else "; ", value)
    for part in re.split(r";|\.\s+", value):
        part = part.strip(" .,")
        if part:
            _role_clause_part(part, default, roles, 0)
    return roles


def _continues_name(value: str, m: re.Match[str]) -> bool:
    after = value[m.end() :]
    return bool(after[:1].isupper()) and not looks_like_unit(after) and looks_like_unit(value[: m.start()].split(";")[-1])


def _role_clause_part(part: str, default: str, roles: Roles, depth: int) -> None:
    folded = fold_aligned(part)
    m = _ROLE_WORD.search(folded)
    if not m or depth > 4:
        # "Bộ Công an tiến hành rà soát …; các bộ, cơ quan ngang bộ rà soát …": the units.
        roles.add(default, split_units(without_duty(part)))
        return
    role = _WORD_ROLE[m.group(1)]
    before = part[: m.start()].strip(" ,:")
    rest = part[m.end() :]
    rest_f = folded[m.end() :]
    if before and role != "lead" and looks_like_unit(before) and not names_only(before):
        # "Bộ B hướng dẫn, tổng hợp các chỉ tiêu …", "Bộ A đầu mối phối hợp với …": a duty is
        # written before the role word, which is part of it; the unit does the duty.
        roles.add(default, split_units(without_duty(before)))
        with_whom = re.match(r"\s*(?:voi|cung)\s+", rest_f) if role == "coordinate" else None
        if with_whom:
            tail = rest[with_whom.end() :]
            roles.add("coordinate", split_units(unit_phrase(tail) if looks_like_unit(tail) else tail))
        return
    if not before:
        # "chủ trì: X" / "Chủ trì Văn phòng Sở".
        target = rest.strip(" ,:")
        if target and not _ROLE_WORD.match(fold(target)):
            roles.add(role, split_units(unit_phrase(target) if looks_like_unit(target) else target))
        return
    units = split_units(before)
    roles.add(role, units)
    extra = re.match(r"\s*(?:,|va)\s*(theo doi|tong hop|don doc|chu tri)\b", rest_f)
    if extra:
        roles.add(_WORD_ROLE[extra.group(1)], units)
        rest, rest_f = rest[extra.end() :], rest_f[extra.end() :]
    co = re.match(r"\s*,?\s*(?:va\s+)?phoi hop\s+(?:voi|cung)\s+", rest_f)
    if co:
        tail = rest[co.end() :]
        named = unit_phrase(tail) if looks_like_unit(tail) else ""
        roles.add("coordinate", split_units(named or tail))
        return
    nxt = rest.strip(" ,")
    if nxt and looks_like_unit(nxt) and _ROLE_WORD.search(fold(nxt)):
        _role_clause_part(nxt, default, roles, depth + 1)


_ROLE_ONLY_AFTER = re.compile(
    r"^(?:la\s+)?(?:don vi\s+|co quan\s+)?(?:chu tri|phoi hop|theo doi|tong hop|thuc hien)"
    r"(?:\s*(?:,|va)\s*(?:theo doi|tong hop|don doc|phoi hop))*(?:\s+thuc hien)?"
    r"(?:\s+(?:theo doi|tong hop))?(?P<with>\s+(?:voi|cung)\s+)?"
)


@lru_cache(maxsize=8192)
def is_role_sentence(text: str) -> bool:
    """A line that only says who does it: "Văn phòng Sở chủ trì; các phòng, đơn vị phối hợp."."""
    body = nfc(text.strip().strip("()").strip(" .;"))
    if not body or len(body.split()) > 30:
        return False
    return all(_role_part(p.strip(" ,")) for p in re.split(r";", body) if p.strip(" ,"))


def _role_part(part: str, depth: int = 0) -> bool:
    if depth > 3 or not looks_like_unit(part):
        return False
    phrase = unit_phrase(part)
    rest = part[len(phrase) :]
    folded = fold_aligned(rest)
    lead_space = len(folded) - len(folded.lstrip(" ,"))
    m = _ROLE_ONLY_AFTER.match(folded[lead_space:])
    if not m:
        return False
    tail = rest[lead_space + m.end() :]
    if m.group("with"):
        named = unit_phrase(tail) if looks_like_unit(tail) else ""
        if not named:
            return False
        tail = tail[len(named) :]
    tail_f = fold(tail).strip(" ,.")
    if not tail_f or re.fullmatch(r"(?:trien khai |to chuc )?thuc hien(?: (?:ke hoach|nhiem vu) nay)?", tail_f):
        return True
    # "Phòng QLKH chủ trì, Văn phòng phối hợp": another unit and its role.
    return _role_part(tail.strip(" ,"), depth + 1)


_GIAO = re.compile(r"^(?:giao|de nghi|yeu cau|phan cong|khuyen khich)\s+(?:cho\s+)?")


_QUALIFIER_BEFORE_VERB = re.compile(
    r"^(?:theo (?:chuc nang|tham quyen|linh vuc)(?:,? (?:nhiem vu|quyen han|linh vuc))*(?: (?:duoc giao|quan ly))?"
    r"(?: cua minh)?|trong pham vi (?:chuc nang|quan ly)[^,]{0,40}),?\s*"
)


def leading_unit(text: str) -> tuple[str, Roles] | None:
    """Units named at the start of a sentence that assigns work.

    "Giao Chi cục trưởng Chi cục TĐC tham mưu ..." and "Văn phòng Sở chủ trì, phối hợp với
    Thanh tra tham mưu ..." both name who leads.
    """
    folded = fold(text)
    g = _GIAO.match(folded)
    rest = text[g.end() :] if g else text
    if not looks_like_unit(rest):
        return None
    if g and g.group(0).startswith("khuyen khich") and not rest[:1].isupper():
        # "Khuyến khích Đoàn Thanh niên tỉnh …" asks a named body, as "Đề nghị" does;
        # "Khuyến khích các doanh nghiệp …" is a policy aim, given to no one.
        return None
    rest_f = fold(rest)
    # "Sở tổ chức …" is the plan's own department as a whole; "Sở Tư pháp chủ trì …" names one.
    words = rest.split(maxsplit=2)
    own_department = rest_f.startswith("so ") and not (len(words) > 1 and words[1][:1].isupper())
    if own_department or rest_f.startswith(("lanh dao", "giam doc so", "cong chuc", "can bo")):
        return None
    phrase = unit_phrase(rest)
    if not phrase:
        return None
    after = fold(rest[len(phrase) :]).strip(" ,")
    # "Các sở theo chức năng, nhiệm vụ được giao chủ trì …": the qualifier stands between the
    # subject and its verb.
    after = _QUALIFIER_BEFORE_VERB.sub("", after)
    # Without "Giao", only a sentence where the unit is the subject of a verb counts.
    if not g and not re.match(
        r"(?:la\s+)?(?:chu tri|phoi hop|tham muu|thuc hien|to chuc|xay dung|trien khai|theo doi|"
        r"tong hop|bao cao|huong dan|kiem tra|ra soat|cap nhat|chiu trach nhiem|co trach nhiem|"
        r"can cu|quan triet|tiep tuc|phu trach|don doc|cung cap|chuan bi|gui|ban hanh|tang cuong|"
        r"day manh|lam dau moi|de xuat|lap|trinh|giam sat|nghien cuu|hoan thanh|duy tri|xu ly|"
        r"dang tai|cong khai|tiep nhan|danh gia|khao sat|ap dung|van hanh|quan ly|tap huan|chi dao|"
        r"nop|dang ky|tham gia|pho bien|chinh ly|kiem ke|thiet ke|van dong|xac dinh|thong ke|bao dam|"
        r"dam bao|boi duong|cu|bo tri|sap xep|tuyen truyen|thong tin|niem yet|giai quyet|ho tro|"
        + "|".join(MORE_VERBS) + r")\b",
        after,
    ):
        return None
    units = split_units(phrase)
    if not units:
        return None
    roles = Roles()
    roles.add("lead", units)
    roles.add("co_lead", co_leads(rest))
    co = re.search(r"phoi hop\s+(?:voi|cung)\s+", fold_aligned(nfc(rest)))
    if co:
        tail = nfc(rest)[co.end() :]
        if looks_like_unit(tail):
            roles.add("coordinate", split_units(unit_phrase(tail)))
    return phrase, roles


_CO_LEAD = re.compile(r"\bdong chu tri\s+(?:voi|cung)\s+")


def co_leads(text: str) -> list[str]:
    """ "Đồng chủ trì với Bộ Khoa học và Công nghệ, phối hợp với …": the body named after
    "đồng chủ trì với" leads the task together with its own lead."""
    text = nfc(text)
    m = _CO_LEAD.search(fold_aligned(text))
    if m is None:
        return []
    tail = text[m.end() :]
    return split_units(unit_phrase(tail)) if looks_like_unit(tail) else []


def list_owner(text: str) -> list[str]:
    """The body whose duties a line introduces: "Ủy ban nhân dân các tỉnh … chịu trách nhiệm
    …, cụ thể:", "Ủy ban nhân dân thành phố A và Ủy ban nhân dân thành phố B cần tập trung các
    nhiệm vụ sau:" — a sentence with a body as its subject, ending in a colon."""
    if not text.rstrip(" *").endswith(":"):
        return []
    found = leading_unit(text)
    if found:
        return found[1].lead
    g = _GIAO.match(fold(text))
    rest = text[g.end() :] if g else text
    if not looks_like_unit(rest) or fold(rest).startswith(("so ", "lanh dao", "giam doc so")):
        return []
    units = split_units(unit_phrase(rest))
    return units if units and all(looks_like_unit(u) for u in units) else []


def subject_bodies(text: str) -> list[str]:
    """ "1. Các cơ quan, đơn vị căn cứ chức năng … xây dựng kế hoạch …" with bullets under it:
    the body the sentence is about, who the bullets' duties are also given to."""
    found = leading_unit(text)
    return found[1].lead if found else []
