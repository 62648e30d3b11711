"""What a typed sentence means: intent and its details. Pure: text and today in, Understood out.

Officers answer reminders the way they talk, on a phone, often without
diacritics: "xong r", "da hoan thanh", "e xin lùi hạn đến 20/12", "vướng kinh
phí chưa làm được", "đạt 60%", "mai nhắc lại", "👍". `understand` reads such a
sentence into one intent:

    done, progress (with its percentage when given), difficulty, extension
    (with the date asked for, or a number of days more), snooze (when to remind
    again), my_tasks, help, greeting, thanks, ack ("ok", "dạ", an emoji), no
    ("không", "thôi"), or other (words that do not read as any of these).

It never reads the clock: `today` is passed in, and relative dates ("cuối
tháng", "thứ Hai tuần sau", "20/12" without a year) are the next such date from
it. Matching is on folded text (lowercase, no diacritics, đ -> d) after the
usual phone shorthand is expanded ("r" -> "rồi", "ko" -> "không", "dc" ->
"được"); typos in the key phrases ("hoan thnah", "kho khna") are forgiven by a
one-edit fuzzy match (rapidfuzz), never for phrases that are words of their own
("quá hạn" is not "gia hạn").

The order of the rules is the policy: a how-to question is help; "gia hạn" wins
over everything ("xong không kịp, xin gia hạn"); "nhắc lại" over the rest;
a difficulty over done ("chưa xong vì vướng"); a percentage over done
("hoàn thành 80%": progress; 100% is done); done unless negated or partial
("chưa xong", "sắp xong", "xong phần 1", "đang ..."); words about work are
progress; only then the small talk. The phrase tables and their accuracy live in
tests/conversation/intent_phrases*.py and benchmarks/bench_intents.py.
"""

from __future__ import annotations

import calendar as _calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from rapidfuzz.distance import OSA


class Intent(StrEnum):
    DONE = "done"
    PROGRESS = "progress"
    DIFFICULTY = "difficulty"
    EXTENSION = "extension"
    SNOOZE = "snooze"
    MY_TASKS = "my_tasks"
    HELP = "help"
    GREETING = "greeting"
    THANKS = "thanks"
    ACK = "ack"
    NO = "no"
    OTHER = "other"


# Intents that say something about a task; the others are answered and store nothing.
TASK_INTENTS = frozenset({Intent.DONE, Intent.PROGRESS, Intent.DIFFICULTY, Intent.EXTENSION,
                          Intent.SNOOZE, Intent.OTHER})
SMALL_TALK = frozenset({Intent.GREETING, Intent.THANKS, Intent.ACK, Intent.NO})


@dataclass(frozen=True)
class Understood:
    intent: Intent
    percent: int | None = None  # progress: "đạt 60%"
    day: date | None = None  # extension: the date asked for; snooze: the day to remind again
    more_days: int | None = None  # extension: "thêm 1 tuần" (days past the current deadline)
    snooze_days: int | None = None  # snooze: "sau 2 ngày" (working days, like the buttons)
    reason: str = ""  # extension: the words after "vì / do / lý do"


# --- normalisation ---------------------------------------------------------------------


def fold_char(c: str) -> str:
    if c in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", c)[0]
    return base.lower() if len(base.lower()) == 1 else c


def fold_aligned(text: str) -> str:
    """Folded text with one character per character of `text` (positions line up)."""
    return "".join(fold_char(c) for c in text)


# Phone shorthand, token by token (folded).
SHORTHAND = {
    "r": "roi", "rui": "roi", "roai": "roi", "roy": "roi", "rooi": "roi",
    "ko": "khong", "k": "khong", "kh": "khong", "kg": "khong", "hok": "khong",
    "hk": "khong", "khog": "khong", "khg": "khong", "kô": "khong", "hem": "khong",
    "dc": "duoc", "dk": "duoc", "duoc": "duoc", "dx": "duoc", "đc": "duoc",
    "e": "em", "t": "toi", "mk": "minh", "j": "gi", "vs": "voi", "cx": "cung", "ng": "nguoi",
    "ht": "hoan thanh", "htanh": "hoan thanh", "bc": "bao cao", "nv": "nhiem vu",
    "cv": "cong viec", "ds": "danh sach", "dg": "dang", "dag": "dang", "vp": "van phong", "ld": "lanh dao",
    "hnay": "hom nay", "hqua": "hom qua", "ngmai": "ngay mai",
    "tks": "cam on", "thx": "cam on", "thanks": "cam on", "thank": "cam on", "camon": "cam on",
    "cmon": "cam on",
    "oke": "ok", "okie": "ok", "oki": "ok", "okay": "ok", "okela": "ok", "okla": "ok", "oka": "ok",
    "okey": "ok", "okei": "ok", "uk": "u", "uh": "u", "um": "u", "uhm": "u", "yes": "ok",
    "xog": "xong", "xonh": "xong", "xomg": "xong", "xonf": "xong", "xongf": "xong", "sxong": "xong",
    "xoong": "xong",
    "hoanthanh": "hoan thanh", "hoantat": "hoan tat", "khokhan": "kho khan",
    "vuongmac": "vuong mac", "giahan": "gia han", "luihan": "lui han", "nhaclai": "nhac lai",
    "tiendo": "tien do", "xinchao": "xin chao", "huongdan": "huong dan", "trogiup": "tro giup",
    "danhsach": "danh sach", "nhiemvu": "nhiem vu", "xongroi": "xong roi", "kinhphi": "kinh phi",
    "t2": "thu 2", "t3": "thu 3", "t4": "thu 4", "t5": "thu 5", "t6": "thu 6", "t7": "thu 7",
    "cn": "chu nhat",
}
# Number words after "thứ" and before a time unit are digits ("thứ hai" = thứ 2, "hai tuần" = 2 tuần);
# elsewhere "hai", "ba", "năm" stay what they are (they are folded the same as other words).
_NUMBER_WORDS = {"mot": "1", "hai": "2", "ba": "3", "bon": "4", "tu": "4", "nam": "5", "sau": "6",
                 "bay": "7", "tam": "8", "chin": "9", "muoi": "10", "mươi": "10"}

# Key phrases forgiven one typo (at least 7 characters; none is one edit from a common phrase).
FUZZY_PHRASES = (
    "hoan thanh", "hoan tat", "kho khan", "vuong mac", "gia han", "lui han", "nhac lai",
    "danh sach", "huong dan", "tro giup", "xin chao", "tro ngai", "tien do", "kinh phi",
    "nhiem vu", "thoi han",
)
# Real phrases that are one or two edits from a key phrase: never "corrected".
_PROTECTED = {"qua han", "hoan thien", "gia hang", "tien to", "nhac nho", "co han", "han che"}

_EMOJI_ACK = set("👍👌🙏✅☑✔💯🆗🙂😊😀😁😄🤝👏💪❤♥🌹🌷🥰😍🤗😉")


def _is_emoji(c: str) -> bool:
    return c in _EMOJI_ACK or unicodedata.category(c) in ("So", "Sk", "Cn") or 0x1F000 <= ord(c) <= 0x1FAFF \
        or c in "\u200d\ufe0f"


def normalize(text: str) -> str:
    """Folded, shorthand expanded, doubled letters squeezed, key-phrase typos fixed; tokens spaced."""
    folded = fold_aligned(unicodedata.normalize("NFC", text))
    folded = re.sub(r"([a-z])\1+", r"\1", folded)  # "xongg", "okkk"
    folded = re.sub(r"(\d)\s*%", r"\1 %", folded)
    folded = re.sub(r"[^a-z0-9%/\-.\s]", " ", folded)
    folded = re.sub(r"(?<!\d)[.\-]|[.\-](?!\d)", " ", folded)  # keep 20.12 and 20-12, drop the rest
    tokens = []
    for token in folded.split():
        tokens.extend(SHORTHAND.get(token, token).split())
    return " ".join(_fix_typos(tokens))


def _fix_typos(tokens: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if i + 1 < len(tokens):
            pair = f"{tokens[i]} {tokens[i + 1]}"
            if pair not in FUZZY_PHRASES and pair not in _PROTECTED and not any(ch.isdigit() for ch in pair):
                for phrase in FUZZY_PHRASES:
                    if OSA.distance(pair, phrase, score_cutoff=1) <= 1:
                        out.extend(phrase.split())
                        i += 2
                        break
                else:
                    out.append(tokens[i])
                    i += 1
                continue
        out.append(tokens[i])
        i += 1
    return out


# --- dates -------------------------------------------------------------------------------

_WEEKDAY = r"thu\s*(?:2|3|4|5|6|7|hai|ba|tu|nam|sau|bay)\b|chu nhat"
_WEEKDAY_NUM = {"2": 0, "hai": 0, "3": 1, "ba": 1, "4": 2, "tu": 2, "5": 3, "nam": 3, "6": 4, "sau": 4,
                "7": 5, "bay": 5}


def next_date(today: date, day: int, month: int, year: int | None) -> date | None:
    """The date, the year inferred as the next such date from today when it is not written."""
    if year is not None:
        if year < 100:
            year += 2000
        try:
            return date(year, month, day)
        except ValueError:
            return None
    for y in (today.year, today.year + 1):
        try:
            candidate = date(y, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, _calendar.monthrange(year, month)[1])


def _add_months(today: date, n: int) -> tuple[int, int]:
    index = today.year * 12 + today.month - 1 + n
    return index // 12, index % 12 + 1


def _week_day(today: date, weekday: int, next_week: bool) -> date:
    """This weekday, the next one after today (or in next week when said)."""
    if next_week:
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
        return monday + timedelta(days=weekday)
    ahead = (weekday - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead)


def _num(word: str) -> int | None:
    word = _NUMBER_WORDS.get(word, word)
    return int(word) if word.isdigit() else None


_UNIT_DAYS = {"ngay": 1, "hom": 1, "tuan": 7, "thang": 30}
_N = r"(\d{1,3}|mot|hai|ba|bon|tu|nam|sau|bay|tam|chin|muoi)"


@dataclass(frozen=True)
class _When:
    day: date | None = None
    more_days: int | None = None  # "thêm N ngày/tuần" (relative to the deadline)
    after_days: int | None = None  # "sau N ngày", "N ngày nữa" (from today)
    unit: str | None = None  # the unit of after_days as said ("ngay", "tuan", "thang")


def find_when(norm: str, today: date) -> _When:
    """The first date or span in normalized text (see `normalize`)."""
    m = re.search(r"(?<![\d/])(\d{1,2})\s*[/\-.]\s*(\d{1,2})(?:\s*[/\-.]\s*(\d{2,4}))?(?![\d/%])", norm)
    if m:
        day = next_date(today, int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
        if day is not None:
            return _When(day=day)
    m = re.search(r"(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+(?:nam\s+)?(\d{4}))?", norm)
    if m:
        day = next_date(today, int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
        if day is not None:
            return _When(day=day)
    m = re.search(rf"\bthem\s+{_N}\s+(ngay|tuan|thang)\b", norm)
    if m and _num(m.group(1)):
        return _When(more_days=_num(m.group(1)) * _UNIT_DAYS[m.group(2)])
    m = re.search(rf"\b(?:sau|trong)\s+{_N}\s+(ngay|hom|tuan|thang)\b|\b{_N}\s+(ngay|hom|tuan|thang)\s+nua\b", norm)
    if m:
        n = _num(m.group(1) or m.group(3))
        unit = m.group(2) or m.group(4)
        if n:
            return _When(after_days=n, unit=unit)
    m = re.search(rf"\b(?:{_WEEKDAY})(?P<next>\s+tuan\s+(?:sau|toi))?", norm)
    if m:
        word = re.match(r"thu\s*(\w+)", m.group(0))
        weekday = 6 if m.group(0).startswith("chu") else _WEEKDAY_NUM.get(word.group(1) if word else "", 0)
        return _When(day=_week_day(today, weekday, bool(m.group("next"))))
    if re.search(r"\b(?:ngay kia|ngay mot)\b", norm):
        return _When(day=today + timedelta(days=2))
    if re.search(r"\b(?:ngay mai|mai|sang mai|chieu mai)\b", norm):
        return _When(day=today + timedelta(days=1))
    if re.search(r"\bcuoi\s+nam\b", norm):
        return _When(day=date(today.year, 12, 31))
    if re.search(r"\b(?:cuoi\s+thang\s+(?:sau|toi)|(?:sang|den|toi)\s+thang\s+(?:sau|toi))\b", norm):
        return _When(day=_month_end(*_add_months(today, 1)))
    if re.search(r"\bcuoi\s+thang\b", norm):
        end = _month_end(today.year, today.month)
        return _When(day=end if end > today else _month_end(*_add_months(today, 1)))
    m = re.search(r"\bthang\s+(\d{1,2})\b(?!\s*/)", norm)
    if m and 1 <= int(m.group(1)) <= 12:
        month = int(m.group(1))
        year = today.year if month >= today.month else today.year + 1
        return _When(day=_month_end(year, month))
    if re.search(r"\b(?:cuoi\s+tuan\s+(?:sau|toi)|tuan\s+(?:sau|toi))\b", norm):
        return _When(day=_week_day(today, 4, True), unit="next_week")
    if re.search(r"\bcuoi\s+tuan\b", norm):
        return _When(day=_week_day(today, 4, today.weekday() >= 4) if today.weekday() != 4 else
                     today + timedelta(days=7))
    m = re.search(r"\bngay\s+(\d{1,2})\b", norm)
    if m:
        n = int(m.group(1))
        for months in range(3):
            y, mo = _add_months(today, months)
            if n <= _calendar.monthrange(y, mo)[1] and date(y, mo, n) >= today:
                return _When(day=date(y, mo, n))
    return _When()


def _percent(norm: str) -> int | None:
    m = re.search(r"\b(\d{1,3})\s*(?:%|phan tram)", norm)
    if m and int(m.group(1)) <= 100:
        return int(m.group(1))
    if re.search(r"\b(?:1|mot) nua\b|\b(?:duoc|dat|lam|xong)\s+(?:hon|gan|khoang|tam)\s+nua\b", norm):
        return 50
    return None


# --- the cues (on normalized text) ----------------------------------------------------

def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts))


HOWTO = _rx(
    r"\b(?:khong|chua)\s+biet\s+(?:dung|su dung|lam sao|cach)\b",
    r"\bchi\s+(?:em|toi|minh|giup)\b.*\b(?:voi|cach|di)\b",
    r"\b(?:huong dan|chi)\s+(?:em|toi|minh)\s+(?:cach|voi|lam sao)\b", r"\bkhong hieu\b.*\b(?:bot|dung|lenh)\b",
    r"\b(?:lam sao|lam the nao|the nao de|bang cach nao)\b.*\b(?:bao|gui|cap nhat|xin|dung|nhap|xem|dang ky)\b",
    r"\bcach\s+(?:dung|su dung|bao|gui|xin|cap nhat|lam|nhap|xem)\b",
    r"\b(?:dung|su dung|lam)\s+(?:bot\s+)?(?:the nao|nhu the nao|ra sao|sao)\b",
    r"\bbot\s+(?:lam|dung|giup)\s+(?:duoc\s+)?(?:gi|the nao)\b",
    r"\b(?:cac|nhung)\s+lenh\b",
    r"\b(?:go|nhap|bam|dung)\s+(?:lenh\s+)?(?:gi|nao|the nao|nhu the nao|ra sao)\b",  # "muốn xem việc thì gõ gì"
)
# A stated cause ("... nên chưa biết làm thế nào"): a difficulty, not a how-to question.
_CAUSED = re.compile(r"\bnen\b(?:\s+\w+){0,4}\s+(?:chua|khong)\b")
MY_TASKS = _rx(
    r"\b(?:viec|nhiem vu|cong viec)\s+(?:nao\s+)?(?:sap|da|dang|bi)?\s*(?:den han|qua han|het han)\b",
    r"\bbao nhieu\s+(?:viec|nhiem vu)\b", r"\bliet ke\b", r"^(?:list|tasks?)$",
    r"^(?:cac\s+)?(?:viec|nhiem vu)\s+(?:tuan nay|hom nay|thang nay|trong tuan)\b",
    r"\b(?:viec|nhiem vu|cong viec)\s+(?:cua\s+)?(?:toi|em|minh|don vi|phong|anh|chi|chung toi|bon em)\b",
    r"\bdanh sach\s+(?:cac\s+)?(?:viec|nhiem vu|cong viec)\b",
    r"^(?:xem\s+)?danh sach$",
    r"\b(?:con|co)\s+(?:nhung\s+)?(?:viec|nhiem vu|cong viec)\s+(?:gi|nao)\b",
    r"\b(?:viec|nhiem vu)\s+(?:gi|nao)\s+(?:chua|con|dang|can)\b",
    r"\b(?:cac|nhung)\s+(?:viec|nhiem vu|cong viec)\s+(?:dang mo|chua xong|con lai|can lam|dang lam)\b",
    r"^(?:xem\s+)?(?:viec|nhiem vu|cong viec)\s+(?:can lam|dang mo|chua xong|con lai|dang lam|duoc giao)$",
    r"\bxem\s+(?:cac\s+)?(?:viec|nhiem vu|cong viec)\b",
)
EXTENSION = _rx(
    r"\b(?:cho|xin|de nghi)\b.*\bthem\s+(?:may|vai|it|\d+|mot|hai|ba)\s+(?:hom|ngay|tuan|thang)\b",
    r"\b(?:nop|gui|bao cao|lam|hoan thanh|xong)\s+(?:muon|cham|tre)\b",
    r"\btre\s+han\b", r"\bkhat\b",
    r"\b(?:xin|cho|de nghi)\b.*\b(?:lui|doi|de sang|chuyen sang)\b",
    r"\bcho\s+(?:em|toi|minh|don vi|phong|bon em)?\s*(?:den|toi|sang|het)\s+\S*\d",
    r"\b(?:den|toi|sang)\b.*\d.*\bduoc\s+(?:khong|chua)\b",
    r"\bgia han\b",
    r"\b(?:lui|doi|dich|keo dai)\s+(?:thoi\s+)?han\b",
    r"\bkeo dai\s+(?:thoi gian|them|den|toi)\b",
    r"\bxin\s+(?:lui|doi|hoan|de nghi lui)\b",
    r"\b(?:xin|cho|de nghi)\s+(?:em|toi|minh|don vi|phong|chung toi)?\s*(?:xin\s+)?them\s+(?:thoi gian|\d+|mot|hai|ba)\b",
    r"\bthem\s+thoi gian\b",
    r"\b(?:den|toi|sang|phai)\b.*\bmoi\s+(?:xong|hoan thanh|kip|lam xong|xong duoc|hoan thanh duoc)\b",
    r"\bhoan\s+(?:den|toi|sang)\b.*\d",
)
SNOOZE = _rx(
    r"\bnhac\s+(?:lai|sau|em|toi|minh|anh|chi|vao|luc|hom|mai|thu|tuan|\d)",
    r"\bhoan\s+nhac\b",
    r"\b(?:bao|nhan)\s+lai\s+sau\b",
    r"^(?:de\s+)?(?:sau|luc khac|mai)(?:\s+(?:nhe|nha|di|a|nhac|tinh|lam))*$",
    r"^de\s+(?:sau|mai|luc khac|tuan sau|hom khac)\b",
    r"\b(?:luc khac|hom khac)\s+nhac\b",
    r"\b(?:mai|chieu|sang|toi nay|tuan sau|thu \d|luc khac|hom khac|de sau)\b.*\bnhac\b(?!\s+(?:cac|nho|viec))",
    r"\b(?:dang|hoi|qua)\s+ban\b.*\b(?:sau|mai|luc khac)\b|\bban\s+qua\b.*\b(?:sau|mai|luc khac)\b",
)
_NOT_DIFFICULT = re.compile(
    r"\b(?:khong|chua)\s+(?:co\s+)?(?:gi\s+)?(?:kho khan|vuong mac|vuong|tro ngai)(?:\s+gi)?\b"
)
DIFFICULTY = _rx(
    r"\b(?:chua|khong)\s+(?:\w+\s+){1,3}duoc\b(?!\s+(?:khong|chua)\b)",
    r"\b(?:chua|khong)\s+(?:biet|ro|thong nhat)\b",
    r"\bkhong\s+(?:ai|co nguoi|co can bo)\b",
    r"\bkhong\s+thuoc\b",
    r"\bnen\b(?:\s+\w+){0,4}\s+(?:chua|khong)\b", r"\b(?:bi|dang|van)\s+(?:ket|tac|nghen|cham)\b",
    r"\b(?:xin|de nghi|can|mong)\s+(?:\w+\s+){0,3}(?:huong dan|chi dao|giup do)\b",
    r"\bthieu\b(?!\s+nhi)", r"\b(?:khong|chua)\s+du\b", r"\bqua tai\b", r"\bqua nhieu viec\b",
    r"\bkho khan\b", r"\bvuong\b", r"\btro ngai\b", r"\bach tac\b", r"\bbi\s+(?:tac|ket|vuong|loi|hong)\b",
    r"\btac\s+o\b",
    r"\b(?:chua|khong)\s+(?:the\s+)?(?:lam|thuc hien|trien khai)\s+(?:duoc|kip)\b",
    r"\b(?:chua|khong)\s+the\b",
    r"\bkhong\s+kip\b",
    r"\b(?:can|de nghi|nho|xin|mong|kien nghi)\b(?:\s+\w+){0,3}\s+ho tro\b",
    r"\bthieu\s+(?:kinh phi|nguoi|nhan su|nhan luc|so lieu|can bo|thiet bi|huong dan|thong tin|tai lieu|"
    r"co so|von|may|phuong tien|thoi gian)\b",
    r"\b(?:chua|khong)\s+(?:co|du|duoc cap|duoc bo tri|duoc phan bo)\s+(?:kinh phi|huong dan|van ban|"
    r"nguoi|nhan su|so lieu|von|can bo)\b",
    r"\bhet\s+(?:kinh phi|von|nguoi)\b",
    r"\b(?:loi|hong|sap)\s+(?:khong|chua)\b", r"\b(?:phan mem|he thong|may|duong truyen)\b.*\bloi\b",
    r"\bkho\s+(?:qua|lam|wa)\b", r"\bbat cap\b", r"\bgap\s+(?:van de|su co)\b",
    r"\bchua\s+du\s+(?:nguoi|kinh phi|dieu kien|can bo)\b",
)
_DONE_WORD = re.compile(r"\b(?:xong|hoan thanh|hoan tat|done|ket thuc|da lam het)\b")
# Before the done word (up to three words): it has not happened yet.
_NOT_YET = {"chua", "khong", "sap", "gan", "se", "dang", "du kien", "co gang", "phan dau", "kip",
            "de", "muon", "mong", "can", "phai", "truoc khi", "khi", "neu", "chac", "hy vong"}
# Anywhere in the sentence: the work goes on, so it is progress.
_GOING_ON = re.compile(r"\b(?:dang|con|tiep tuc|du kien|se|chua|sap|gan|nhung|nua|mai|"
                       r"tuan (?:sau|toi)|thang (?:sau|toi))\b")
# Right after the done word: only a part is done.
_PARTIAL = re.compile(r"^\s*(?:\w+\s+)?(?:phan|buoc|giai doan|du thao|muc|dot|ban nhap|so bo|khau|1 nua|"
                      r"mot nua|noi dung|y|hang muc|\d)")
WORK = _rx(
    r"\btien do\b", r"\bdu thao\b", r"\bcap nhat\b",
    r"\b(?:da|dang|moi|vua|se|tiep tuc|du kien|chua|van|mai|tuan (?:sau|toi)|hom nay|chieu nay)"
    r"\s+(?:\w+\s+){0,2}(?:lam|thuc hien|trien khai|"
    r"soan|xay dung|tong hop|hoan thien|chinh sua|cho|xin y kien|lay y kien|phoi hop|khao sat|kiem tra|"
    r"ra soat|thu thap|cap nhat|trinh|hop|to chuc|xu ly|bao cao|tham dinh|xem xet|chuan bi|nghien cuu|"
    r"dieu chinh|gui|in|nhap|lien he|lam viec|tien hanh|ban hanh|dang tai|cong bo|tap huan|"
    r"tuyen truyen|giao|ky|nop|tiep nhan|giai quyet|thong bao|dang ky|tham muu|gop y|hoan chinh|"
    r"co|ra|mo|phat hanh|dieu tra|danh gia|rà soat|van dong|cu|lap)\b",
    r"\b\d+\s*/\s*\d+\s+(?:don vi|xa|phuong|phong|huyen|co quan|ho so|truong|doanh nghiep|thu tuc)\b",
    r"\b(?:phan|buoc|giai doan)\s+\d\b",
    r"\bcho\s+(?:lanh dao|y kien|phe duyet|duyet|ky|so lieu|van phong|ket qua|tham dinh)\b",
    r"\b(?:moi|vua)\s+(?:lam|xong|duoc)\b",
    r"\bcon\s+(?:lai\s+)?\d+\b",
)
HELP = _rx(r"\bhuong dan\b", r"\btro giup\b", r"\bhelp\b", r"\bmenu\b", r"^\s*(?:\?\s*)+$",
           r"\bhdsd\b", r"^(?:cac\s+)?lenh\b", r"^giup\s+(?:toi|em|minh|voi)\b", r"^giup$")
THANKS = _rx(r"\bcam on\b", r"^da ta\b", r"\bthank you\b", r"\bcam ong\b", r"\bcam onn?\b", r"\bthank\b")
GREETING = _rx(r"\bchao\b", r"\bhel+o\b", r"^hi\b", r"\bhey\b", r"^a ?lo\b", r"\bgo+d (?:morning|afternoon)\b")

# Words that together make an acknowledgement or a no (with the usual particles).
_PARTICLES = {"a", "nhe", "nha", "oi", "nhi", "em", "anh", "chi", "minh", "toi", "ban", "bot", "ad",
              "admin", "roi", "vay", "ne", "day", "luon", "nhieu", "qua", "thoi", "the", "ha", "ah", "ak",
              "nhen", "nhes", "nghe", "do", "oki", "ja", "u"}
_ACK_WORDS = {"ok", "vang", "da", "u", "duoc", "ro", "nhan", "dung", "co", "y", "xem", "biet", "noted",
              "nam", "hieu", "nam duoc", "hieu roi",
              "chuan", "tot", "hay", "yes", "uhm", "dong y", "nhat tri", "chap hanh", "tuan lenh",
              "got it", "roger", "fine", "xac nhan"}
_NO = re.compile(r"^(?:khong|thoi|chua|khong phai|nham|nham roi|sai|sai roi|khong can|huy|bo qua|khong dung|"
                 r"thoi khong can)(?:\s+(?:a|nhe|nha|em|anh|roi|oi|the|dau|dau a|ma))*$")


_ACK_PHRASE = re.compile(r"\b(?:nhan|da nhan|xin nhan|tiep nhan)\s+(?:nhiem vu|viec|tin|thong tin|duoc|chi dao)\b")


def _is_ack(norm: str) -> bool:
    tokens = norm.split()
    if not tokens:
        return False
    joined = " ".join(tokens)
    if joined in _ACK_WORDS:
        return True
    i, hit = 0, False
    while i < len(tokens):
        pair = " ".join(tokens[i : i + 2])
        if pair in _ACK_WORDS:
            hit, i = True, i + 2
            continue
        if tokens[i] in _ACK_WORDS:
            hit = True
        elif tokens[i] not in _PARTICLES:
            return False
        i += 1
    return hit


def _done_state(norm: str) -> Intent | None:
    """DONE, PROGRESS when a done word is negated or partial, None without a done word."""
    found = None
    for m in _DONE_WORD.finditer(norm):
        before = norm[: m.start()].split()[-3:]
        words = set(before) | {" ".join(before[j : j + 2]) for j in range(len(before) - 1)}
        if words & _NOT_YET:
            found = found or Intent.PROGRESS
            continue
        if _PARTIAL.match(norm[m.end():]):
            found = found or Intent.PROGRESS
            continue
        if _GOING_ON.search(norm[: m.start()]) or _GOING_ON.search(norm[m.end():]):
            found = found or Intent.PROGRESS
            continue
        return Intent.DONE
    return found


def _reason(text: str) -> str:
    """The words after "vì / do / lý do / tại vì" in the original text, if any."""
    folded = fold_aligned(unicodedata.normalize("NFC", text))
    m = re.search(r"(?<!tien )(?<!tien)\b(?:vi|do|ly do|boi vi|tai vi|boi|li do)\b\s*[:,]?\s*(\S.*)", folded,
                  flags=re.S)
    if m is None:
        return ""
    return unicodedata.normalize("NFC", text)[m.start(1):].strip(" .,;:!")


def understand(text: str, today: date) -> Understood:
    """The intent of one typed message (see the module docstring for the order of the rules)."""
    raw = unicodedata.normalize("NFC", text or "").strip()
    if not raw:
        return Understood(Intent.ACK)
    stripped = "".join(c for c in raw if not _is_emoji(c)).strip()
    if not stripped:
        return Understood(Intent.ACK)  # emoji only: 👍, 🙏, 😊
    norm = normalize(stripped)
    if not norm.strip(" ?!.,"):
        return Understood(Intent.HELP) if "?" in stripped else Understood(Intent.ACK)
    tokens = norm.split()

    if HOWTO.search(norm) and not _CAUSED.search(norm):
        return Understood(Intent.HELP)
    if len(tokens) <= 8 and MY_TASKS.search(norm) and not _has_work_past(norm):
        return Understood(Intent.MY_TASKS)
    if EXTENSION.search(norm):
        when = find_when(norm, today)
        if when == _When():  # "xin gia hạn 2 tuần": that much more time
            m = re.search(rf"\b{_N}\s+(ngay|tuan|thang)\b", norm)
            if m and _num(m.group(1)):
                when = _When(more_days=_num(m.group(1)) * _UNIT_DAYS[m.group(2)])
        day = when.day
        if when.after_days and day is None:
            day = today + timedelta(days=when.after_days * _UNIT_DAYS[when.unit or "ngay"])
        return Understood(Intent.EXTENSION, day=day, more_days=when.more_days, reason=_reason(raw))
    if SNOOZE.search(norm):
        when = find_when(norm, today)
        if when.after_days:
            days = when.after_days * {"tuan": 5, "thang": 22}.get(when.unit or "", 1)
            return Understood(Intent.SNOOZE, snooze_days=days)
        if when.unit == "next_week":  # "tuần sau nhắc lại": Monday next week
            return Understood(Intent.SNOOZE, day=_week_day(today, 0, True))
        return Understood(Intent.SNOOZE, day=when.day)
    difficulty = DIFFICULTY.search(_NOT_DIFFICULT.sub(" ", norm))
    if difficulty:
        return Understood(Intent.DIFFICULTY)
    percent = _percent(norm)
    if percent is not None:
        return Understood(Intent.DONE if percent == 100 else Intent.PROGRESS, percent=percent)
    if _delivered(norm) and not _is_question(raw, tokens):
        return Understood(Intent.DONE)  # "em đã nộp báo cáo rồi ạ": the result is handed in
    done = _done_state(norm)
    if done is not None:
        return Understood(done)
    if len(tokens) <= 7 and re.search(r"\b(?:tiep nhan|nhan)\s+(?:nhiem vu|viec|chi dao|thong tin)\b", norm):
        return Understood(Intent.ACK)  # "em đã tiếp nhận nhiệm vụ"
    if WORK.search(norm) and not _is_question(raw, tokens):
        return Understood(Intent.PROGRESS)
    if HELP.search(norm):
        return Understood(Intent.HELP)
    if THANKS.search(norm):
        return Understood(Intent.THANKS)
    if GREETING.search(norm) and len(tokens) <= 8:
        return Understood(Intent.GREETING)
    if _NO.match(norm):
        return Understood(Intent.NO)
    if _is_ack(norm) or (len(tokens) <= 7 and _ACK_PHRASE.search(norm)):
        return Understood(Intent.ACK)
    return Understood(Intent.OTHER)


# Handing the result in is done: a submission verb followed by "rồi" ("em nộp rồi", "đã trình ký và gửi
# đi rồi", "kế hoạch đã được ký ban hành rồi"), or in the past ("đã nộp tờ trình", "vb đã ban hành")
# except "trình" (awaiting a signature) and papers that set work in motion ("đã ban hành kế hoạch",
# "đã gửi công văn đôn đốc": progress). Sending for review (a draft, for comments) is never done.
SUBMISSION_VERBS = ("nop", "gui", "chuyen", "ban hanh", "phat hanh", "up", "upload", "tai len",
                    "day len", "ky ban hanh")  # not "đăng tải": folded, it is "đang tải" (loading)
AWAITING_VERBS = ("trinh",)  # done only with "rồi"
FOR_REVIEW = ("du thao", "ban nhap", "xin y kien", "lay y kien", "gop y", "tham dinh", "cho duyet")
SETS_IN_MOTION = ("ke hoach", "huong dan", "don doc", "trien khai")  # done only with "rồi"


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(w.replace(" ", r"\s+") for w in words)


_HANDED_IN = re.compile(rf"\b(?:{_alternation(SUBMISSION_VERBS + AWAITING_VERBS)})\b.*\broi\b|"
                        r"^(?:\w+\s+){0,2}(?:da\s+)?lam\s+roi\b|\bxong xuoi\b|"
                        r"\bdong\s+(?:viec|nhiem vu)\b|\bda\s+(?:gui\s+)?bao cao ket qua\b")
_SUBMITTED = re.compile(rf"\bda\s+(?:duoc\s+(?:\w+\s+){{0,3}})?(?:{_alternation(SUBMISSION_VERBS)})\b")
_FOR_REVIEW = re.compile(rf"\b(?:{_alternation(FOR_REVIEW)})\b")
_SETS_IN_MOTION = re.compile(rf"\b(?:{_alternation(SETS_IN_MOTION)})\b")


def _delivered(norm: str) -> bool:
    if _GOING_ON.search(norm) or _FOR_REVIEW.search(norm):
        return False
    return bool(_HANDED_IN.search(norm)) or (_SUBMITTED.search(norm) is not None
                                             and not _SETS_IN_MOTION.search(norm))


_QUESTION_END = {"khong", "chua", "sao", "nhi", "nao", "gi", "khong nhi", "chu"}


def _is_question(raw: str, tokens: list[str]) -> bool:
    """ "hôm nay có họp giao ban không?", "tuần sau có đoàn kiểm tra à": a question is not progress."""
    text = raw.rstrip(" .!")
    last = fold_aligned(text.split()[-1]) if text.split() else ""
    return text.endswith(("?", "à", "hả", "nhỉ")) or last in _QUESTION_END or last in ("ko", "k")


def _has_work_past(norm: str) -> bool:
    """ "đã gửi danh sách việc cho các xã": a report about a list, not a request for one."""
    return re.search(r"\b(?:da|dang|vua|moi)\s+(?:gui|lap|lam|soan|tong hop|xay dung|trinh|nop)\b", norm) \
        is not None
