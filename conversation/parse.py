"""What a typed message means. Pure: text in, a Parsed value out.

Officers type on phones, often without diacritics and in any case, so every
keyword is compared folded ("Tiến độ" == "tien do"). Three shapes exist:

- commands: "/xong 12", or the same keyword without the slash ("XONG 12");
  a bare keyword that needs a task number counts only when the number is there,
  so "xong rồi" stays free text;
- numbered replies to the chat's latest reminder: "1", "2 <nội dung>", ...;
- free text, whose intent `conversation.intents.understand` reads
  (`classify` is the older three-way guess, kept as the benchmark's baseline).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from conversation.intents import next_date
from core.timefmt import parse_date


class Kind(StrEnum):
    EMPTY = "empty"
    COMMAND = "command"
    NUMBER = "number"
    TEXT = "text"


class Intent(StrEnum):
    PROGRESS = "progress"
    DONE = "done"
    DIFFICULTY = "difficulty"


class Err(StrEnum):
    UNKNOWN_COMMAND = "unknown_command"
    MISSING_ID = "missing_id"
    BAD_DATE = "bad_date"


# How a command takes its arguments.
NONE, OPT_ID, ID, ID_TEXT, ID_DATE_TEXT, REST, OPT_REST = (
    "none", "opt_id", "id", "id_text", "id_date_text", "rest", "opt_rest",
)


# Whose "/" menu and help list a command (OfficerRole values).
EVERYONE = frozenset({"officer", "head", "office", "leader"})
HEADS = frozenset({"head", "office", "leader"})
UNIT_KEEPERS = frozenset({"head", "office"})  # who names a unit's officers and links its groups
OVERSEERS = frozenset({"office", "leader"})
OFFICE = frozenset({"office"})


@dataclass(frozen=True)
class Spec:
    """One chat command, in the one table every surface reads: the parser its spellings and
    arguments; the Telegram menu (bot/telegram/menu.py), the help text
    (registration.help_text) and docs/conversation.md (a test checks it) who has it."""

    name: str
    words: tuple[str, ...]  # folded spellings; several words are matched token by token
    args: str
    slash_only: bool = False  # too common a word to count without the slash
    roles: frozenset[str] = frozenset()  # whose menu and help list it; none: answers, deep links
    rank: int = 0  # its place in menus and help
    menu: bool = True  # in the "/" menu (else in the help only)
    groups: bool = False  # in group chats' menu too


COMMANDS: tuple[Spec, ...] = (
    Spec("start", ("start", "batdau"), REST, slash_only=True),
    Spec("viec", ("viec", "nhiem vu", "nhiemvu", "ds"), OPT_ID, roles=EVERYONE, rank=1, groups=True),
    Spec("xong", ("xong", "hoan thanh", "hoanthanh", "done"), ID, roles=EVERYONE, rank=2),
    Spec("tiendo", ("tiendo", "tien do", "cap nhat", "capnhat"), ID_TEXT, roles=EVERYONE, rank=3),
    Spec("khokhan", ("khokhan", "kho khan", "vuong mac", "vuongmac"), ID_TEXT, roles=EVERYONE, rank=4),
    Spec("giahan", ("giahan", "gia han"), ID_DATE_TEXT, roles=EVERYONE, rank=5),
    Spec("trogiup", ("trogiup", "tro giup", "huong dan", "huongdan", "help"), NONE, roles=EVERYONE, rank=99,
         groups=True),
    Spec("phancong", ("phancong", "phan cong"), REST, roles=UNIT_KEEPERS, rank=10),
    Spec("tongquan", ("tongquan", "tong quan"), NONE, roles=OVERSEERS, rank=20),
    Spec("quahan", ("quahan", "qua han"), NONE, roles=OVERSEERS, rank=21),
    Spec("dondoc", ("dondoc", "don doc"), ID, roles=OFFICE, rank=22),
    Spec("moi", ("moi",), REST, slash_only=True, roles=OFFICE, rank=23),
    # "/baocao" is the digest, "/baocao <plan> [docx|xlsx]" a plan's report; bare "báo cáo" alone only.
    Spec("baocao", ("baocao", "bao cao"), OPT_REST, roles=OVERSEERS, rank=24),
    Spec("lienket", ("lienket", "lien ket"), OPT_REST, roles=UNIT_KEEPERS, rank=11, groups=True),
    # Văn phòng: cut an officer's chat accounts; deactivate an officer who left.
    Spec("golienket", ("golienket", "go lien ket"), REST, slash_only=True, roles=OFFICE, rank=30),
    Spec("ngung", ("ngung",), REST, slash_only=True, roles=OFFICE, rank=31),
    Spec("huy", ("huy", "cancel"), NONE, roles=EVERYONE, rank=6, menu=False),
    # The officer's private calendar link; "/lich moi" replaces it. Slash only: "lịch họp…" is a note.
    Spec("lich", ("lich", "calendar"), OPT_REST, slash_only=True, roles=EVERYONE, rank=7),
    # A one-time link to the web workspace. Slash only: "web" inside a sentence is a note.
    Spec("web", ("web", "trangweb"), NONE, slash_only=True, roles=HEADS, rank=12),
    # Văn phòng's answers on text-only channels (the hints under their messages).
    Spec("xacnhan", ("xacnhan", "xac nhan"), ID),
    Spec("tralai", ("tralai", "tra lai"), ID),
    Spec("dongy", ("dongy", "dong y"), ID),
    Spec("tuchoi", ("tuchoi", "tu choi"), ID),
    Spec("traloi", ("tl", "traloi", "tra loi"), ID_TEXT),
)
SPECS = {spec.name: spec for spec in COMMANDS}


def commands_of(role: str, *, menu: bool = False) -> list[str]:
    """The commands a role has, in order: for its help, or (menu=True) its "/" menu."""
    listed = [c for c in COMMANDS if role in c.roles and (c.menu or not menu)]
    return [c.name for c in sorted(listed, key=lambda c: c.rank)]


def group_commands() -> list[str]:
    return [c.name for c in sorted((c for c in COMMANDS if c.groups), key=lambda c: c.rank)]


@dataclass(frozen=True)
class Parsed:
    kind: Kind
    command: str | None = None  # canonical name: "xong", "tiendo", ...
    slash: bool = False
    task_id: int | None = None  # the number after a command (a task, or an update for office answers)
    number: int | None = None  # a numbered reply
    text: str = ""  # what follows: the note, the reason, the code
    day: date | None = None  # /giahan's date
    error: Err | None = None


def fold(text: str) -> str:
    """Lowercase, no diacritics, đ -> d."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


_TOKEN = re.compile(r"\S+")
_NUMBER_REPLY = re.compile(r"\s*(\d{1,2})[.)]?(?:\s+(.*))?", re.S)
_ID = re.compile(r"#?(\d{1,9})[.,:]?")


def _tokens(text: str) -> list[tuple[str, int]]:
    """(folded token, end offset in the original text)."""
    return [(fold(m.group()).strip(".,:;!?"), m.end()) for m in _TOKEN.finditer(text)]


def _match_words(tokens: list[tuple[str, int]], start: int) -> tuple[Spec, int] | None:
    """The longest command spelling at tokens[start:]; returns it and how many tokens it used."""
    best: tuple[Spec, int] | None = None
    for spec in COMMANDS:
        for words in spec.words:
            parts = words.split()
            n = len(parts)
            if [tok for tok, _ in tokens[start : start + n]] == parts and (best is None or n > best[1]):
                best = (spec, n)
    return best


# "2 ngày nữa nhắc lại", "60 %": a number that is part of the sentence, not a numbered reply.
_NUMBER_IN_SENTENCE = re.compile(r"(?:ngay|hom|tuan|thang|gio|%|phan tram)\b|%")


def parse(text: str | None, today: date | None = None) -> Parsed:
    """`today` lets a date without a year ("/giahan 12 20/12") mean the next such date."""
    text = unicodedata.normalize("NFC", (text or "")).strip()
    if not text:
        return Parsed(Kind.EMPTY)
    if text.startswith("/"):
        return _parse_slash(text, today)
    number = _NUMBER_REPLY.fullmatch(text)
    if number and not _NUMBER_IN_SENTENCE.match(fold(number.group(2) or "")):
        return Parsed(Kind.NUMBER, number=int(number.group(1)), text=(number.group(2) or "").strip())
    bare = _parse_bare(text, today)
    return bare or Parsed(Kind.TEXT, text=text)


def parse_day(text: str, today: date | None) -> date | None:
    """dd/mm/yyyy, dd/mm/yy, or dd/mm with the year inferred from today (the next such date)."""
    day = parse_date(text)
    if day is not None or today is None:
        return day
    m = re.fullmatch(r"\s*(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}))?\s*", text)
    if not m:
        return None
    return next_date(today, int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)


def _parse_slash(text: str, today: date | None = None) -> Parsed:
    head, _, rest = text[1:].partition(" ")
    if "\n" in head:  # "/xong\n12"
        head, _, more = head.partition("\n")
        rest = f"{more} {rest}".strip()
    name = fold(head.split("@", 1)[0])  # "/xong@nhacviec_bot"
    spec = SPECS.get(name)
    if spec is None:
        # "/tien do 12": a spelling in two words.
        tokens = _tokens(text[1:])
        tokens[0] = (tokens[0][0].split("@", 1)[0], tokens[0][1])
        found = _match_words(tokens, 0)
        if found is None:
            return Parsed(Kind.COMMAND, command=None, slash=True, text=text, error=Err.UNKNOWN_COMMAND)
        spec, used = found
        rest = text[1:][tokens[used - 1][1] :]
    return _with_args(spec, rest.strip(), slash=True, today=today)


def _parse_bare(text: str, today: date | None = None) -> Parsed | None:
    tokens = _tokens(text)
    found = _match_words(tokens, 0)
    if found is None:
        return None
    spec, used = found
    if spec.slash_only:
        return None
    rest = text[tokens[used - 1][1] :].strip()
    if spec.args in (NONE, OPT_REST):
        return Parsed(Kind.COMMAND, spec.name) if not rest.strip(".!?") else None
    if spec.args == REST:
        return _with_args(spec, rest, slash=False)
    # Keywords that need a number count only with it: "xong rồi", "xong 80%" are free text.
    if not _ID.fullmatch(rest.split(maxsplit=1)[0] if rest else ""):
        return None if spec.args != OPT_ID or rest else Parsed(Kind.COMMAND, spec.name)
    return _with_args(spec, rest, slash=False, today=today)


def _with_args(spec: Spec, rest: str, slash: bool, today: date | None = None) -> Parsed:
    if spec.args in (NONE, REST, OPT_REST):
        return Parsed(Kind.COMMAND, spec.name, slash=slash, text=rest)
    first, _, after = rest.partition(" ")
    if "\n" in first:
        first, _, more = first.partition("\n")
        after = f"{more} {after}".strip()
    id_match = _ID.fullmatch(first) if first else None
    if id_match is None and spec.args == ID_DATE_TEXT and parse_day(first, today) is not None:
        # "/giahan 20/03/2026 lý do": no task named; the chat's context or a pick names it.
        return Parsed(Kind.COMMAND, spec.name, slash=slash, day=parse_day(first, today), text=after.strip())
    if id_match is None:
        error = None if spec.args == OPT_ID else Err.MISSING_ID
        return Parsed(Kind.COMMAND, spec.name, slash=slash, text=rest, error=error)
    task_id = int(id_match.group(1))
    after = after.strip()
    if spec.args != ID_DATE_TEXT:
        return Parsed(Kind.COMMAND, spec.name, slash=slash, task_id=task_id, text=after)
    day_text, _, reason = after.partition(" ")
    day = parse_day(day_text, today)
    if day is None:
        return Parsed(Kind.COMMAND, spec.name, slash=slash, task_id=task_id, text=after, error=Err.BAD_DATE)
    return Parsed(Kind.COMMAND, spec.name, slash=slash, task_id=task_id, text=reason.strip(), day=day)


# Free text: what the officer means. Difficulty wins over done ("chưa xong vì vướng").
_DIFFICULTY = re.compile(
    r"\bkho khan\b|\bvuong\b|\bvuong mac\b|\btro ngai\b|\bchua (?:the )?lam duoc\b|"
    r"\bkhong (?:the )?lam duoc\b|\bkhong the hoan thanh\b|\bchua the hoan thanh\b|\bcan ho tro\b"
)
_DONE = re.compile(r"\bxong\b|\bhoan thanh\b|\bhoan tat\b|\bda gui bao cao ket qua\b")
# Words that undo a "done" word just before it: "chưa xong", "sắp hoàn thành".
_NEGATORS = {"chua", "khong", "sap", "gan", "chang", "chac", "se", "dang", "can", "de", "phai", "muon"}
_PARTIAL = re.compile(r"\b(\d{1,2}(?:[.,]\d+)?)\s*%")


def classify(text: str) -> Intent:
    folded = fold(text)
    folded = re.sub(r"[^\w%\s]", " ", folded)
    if _DIFFICULTY.search(folded):
        return Intent.DIFFICULTY
    if _PARTIAL.search(folded):  # "hoàn thành 60%": progress, not done
        return Intent.PROGRESS
    for match in _DONE.finditer(folded):
        before = folded[: match.start()].split()[-2:]
        if not _NEGATORS.intersection(before):
            return Intent.DONE
    return Intent.PROGRESS


def looks_like_code(text: str) -> bool:
    """An invite code typed on its own (Zalo has no deep links): one token of letters and digits.

    Codes are 8 characters; a token of 6-12 with a digit, or exactly 8, is taken as a try.
    """
    token = text.strip().replace("-", "")
    if not re.fullmatch(r"[A-Za-z0-9]{6,12}", token):
        return False
    return len(token) == 8 or any(c.isdigit() for c in token)
