"""The plan's own data: number, title, issuer, place and date, year, index tags."""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from importer.paragraphs import _DATE_LINE, _NUMBER_LINE, Para
from importer.result import PlanInfo
from importer.textutil import clean_spaces, fold, is_upper_text, word_count

INDEX_TAGS = (
    ("PAR INDEX", re.compile(r"\bPAR[\s-]*INDEX\b", re.I)),
    ("SIPAS", re.compile(r"\bSIPAS\b", re.I)),
    ("PAPI", re.compile(r"\bPAPI\b", re.I)),
    ("PCI", re.compile(r"\bPCI\b")),
    ("DTI", re.compile(r"\bDTI\b")),
)
_DEPARTMENTS = (
    "Khoa học và Công nghệ", "Nội vụ", "Tư pháp", "Tài chính", "Kế hoạch và Đầu tư",
    "Thông tin và Truyền thông", "Tài nguyên và Môi trường", "Giáo dục và Đào tạo", "Y tế",
    "Xây dựng", "Giao thông vận tải", "Công Thương", "Nông nghiệp và Phát triển nông thôn",
    "Lao động - Thương binh và Xã hội", "Văn hóa, Thể thao và Du lịch", "Ngoại vụ",
    "Văn hóa và Thể thao", "Du lịch", "Dân tộc", "Nông nghiệp và Môi trường",
)

@dataclass
class Header:
    info: PlanInfo
    body_start: int
    title_found: bool


def _title_case_org(text: str) -> str:
    """ "SỞ KHOA HỌC VÀ CÔNG NGHỆ" -> "Sở Khoa học và Công nghệ"."""
    words = text.lower().split()
    out: list[str] = []
    cap_next = True
    for w in words:
        if cap_next or w in ("tỉnh", "thành"):
            out.append(w[:1].upper() + w[1:] if cap_next else w)
        else:
            out.append(w)
        cap_next = w in ("sở", "và", "-", "ban", "bộ", "phòng")
    return " ".join(out)


def _province(text: str) -> str | None:
    m = re.match(r"^(?:UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+(TỈNH|THÀNH PHỐ)\s+(.+)$", text.strip(), re.I)
    if not m:
        return None
    kind = "tỉnh" if fold(m.group(1)) == "tinh" else "thành phố"
    name = " ".join(w[:1].upper() + w[1:].lower() if w != "-" else w for w in m.group(2).split())
    return f"{kind} {name}"


def parse_header(paras: list[Para], fmt: str) -> Header:
    info = PlanInfo()
    limit = min(len(paras), 60)
    ke_hoach = None
    province = None
    org_line = None
    for i in range(limit):
        p = paras[i]
        text = p.text if not p.style else f"{p.number or ''}. {p.text}"
        raw = p.text
        if p.style in ("R",) and ke_hoach is not None:
            break
        m = _NUMBER_LINE.match(raw)
        if m and info.number is None:
            value = m.group("value")
            if not re.search(r"\d", value) and i + 1 < len(paras) and re.match(r"^\d+\s*/", paras[i + 1].text):
                value = paras[i + 1].text  # "Số:" then the number on the next line
            num = re.search(r"(\d+)\s*/\s*([A-ZĐ][\w&.\-/]*)", value)
            info.number = f"{num.group(1)}/{num.group(2)}".rstrip(".") if num else None
        d = _DATE_LINE.search(raw)
        if d and info.place_date_line is None:
            info.place_date_line = clean_spaces(d.group(0))
            year = int(d.group("y") or d.group("y2"))
            info.year = year
            day, month = d.group("d") or d.group("d2"), d.group("m") or d.group("m2")
            if day and month:
                with contextlib.suppress(ValueError):
                    info.issued_on = date(year, int(month), int(day))
        if p.furniture or is_upper_text(raw):
            prov = _province(raw)
            if prov:
                province = prov
            elif fold(raw).startswith("so ") and is_upper_text(raw) and org_line is None:
                org_line = _title_case_org(raw)
        f = fold(raw)
        if ke_hoach is None and re.match(r"^ke hoach\b", f) and (is_upper_text(raw[:8]) or p.heading):
            ke_hoach = i
            rest = clean_spaces(raw[8:]).strip(" :")
            title_parts = [rest] if rest else []
            j = i + 1
            while j < len(paras) and len(title_parts) < 4:
                q = paras[j]
                qf = fold(q.text)
                if q.furniture or _NUMBER_LINE.match(q.text) or _DATE_LINE.search(q.text):
                    j += 1
                    continue
                if q.style or q.cells is not None or word_count(q.text) > 60:
                    break
                if title_parts and re.match(r"^(?:phan|chuong)\s+(?:thu\s+\w+|[ivx]+|\d+)\b", qf):
                    break  # "PHẦN I. KẾT QUẢ ..." opens the body
                if title_parts and re.match(
                    r"^(?:can cu|thuc hien|trien khai|theo |de |nham|voi |qua |tren co so|xet|thi hanh|"
                    r"so .{0,60} (?:xay dung|ban hanh)|giam doc|uy ban|ubnd)",
                    qf,
                ):
                    break
                title_parts.append(q.text)
                j += 1
            info.title = clean_spaces(" ".join(title_parts)).strip(" .")
            text = text  # keep scanning for number/date that follow the title
    if ke_hoach is None:
        for i in range(min(len(paras), 25)):
            m = re.match(r"^kế hoạch\s+(?!số\b)(\S.*)$", paras[i].text, re.I)
            if m and not paras[i].style and word_count(paras[i].text) <= 60:
                info.title = clean_spaces(m.group(1)).strip(" .")
                info.title = info.title[:1].upper() + info.title[1:]
                ke_hoach = i
                break
    body_start = 0
    if ke_hoach is not None:
        body_start = ke_hoach + 1
        while body_start < len(paras) and (
            paras[body_start].text in info.title or paras[body_start].furniture
        ) and not paras[body_start].style:
            body_start += 1
    # Issuer: the header block, else the title ("... của Sở X"), else the preamble.
    if org_line:
        info.issuer = f"{org_line} {province}" if province and province not in org_line else org_line
    else:
        hay = " ".join([info.title] + [p.text for p in paras[body_start : body_start + 6]])
        for dept in _DEPARTMENTS:
            m = re.search(rf"\bSở {re.escape(dept)}(?: (?:tỉnh|thành phố) [A-ZĐ][\w]*(?: [A-ZĐ][\w]*)*)?", hay, re.I)
            if m:
                info.issuer = m.group(0)[:3].capitalize() + m.group(0)[3:]
                break
    if info.year is None:
        m = re.search(r"\bnăm\s+((?:19|20)\d{2})\b", info.title, re.I)
        if m:
            info.year = int(m.group(1))
    return Header(info=info, body_start=body_start, title_found=bool(info.title))



def guess_year(paras: list[Para]) -> int | None:
    years = Counter(
        int(y) for p in paras for y in re.findall(r"\bnăm\s+((?:19|20)\d{2})\b", p.text, re.I)
    )
    return years.most_common(1)[0][0] if years else None


def template_header(paras: list[Para]) -> PlanInfo:
    info = PlanInfo()
    for p in paras:
        if p.cells is not None:
            break
        m = re.match(r"^([^:]{2,40}):\s*(.+)$", p.text)
        if not m:
            continue
        key, value = fold(m.group(1)).strip(), m.group(2).strip()
        if key.startswith(("so ke hoach", "so hieu", "so")) and not key.startswith("so thu tu"):
            num = re.search(r"(\d+)\s*/\s*([A-ZĐ][\w&.\-/]*)", value)
            info.number = f"{num.group(1)}/{num.group(2)}" if num else (value or None)
        elif key.startswith(("ten ke hoach", "ke hoach", "tieu de", "trich yeu")):
            info.title = value
        elif key.startswith(("co quan ban hanh", "don vi ban hanh", "co quan")):
            info.issuer = value
        elif key.startswith("nam"):
            y = re.search(r"(?:19|20)\d{2}", value)
            info.year = int(y.group(0)) if y else None
        elif key.startswith(("ngay ban hanh", "ngay")):
            tm = re.search(r"(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})", value)
            if tm:
                with contextlib.suppress(ValueError):
                    info.issued_on = date(int(tm.group(3)), int(tm.group(2)), int(tm.group(1)))
    if info.year is None and info.issued_on:
        info.year = info.issued_on.year
    return info


