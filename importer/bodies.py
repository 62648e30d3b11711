"""What the name of a body (an agency, a group of agencies) starts with.

Used to tell a heading that names who does the work ("3. Công an tỉnh", "Các cơ sở đào tạo")
from a topic heading ("Kinh tế số"), and a unit cell from a task cell in a flattened table.
"""

from __future__ import annotations

import re

# The nouns a body's name starts with (folded), for headings over duties: "Công an tỉnh",
# "Tỉnh đoàn", "Các cơ sở đào tạo", "Ngân hàng Nhà nước khu vực". A heading that starts
# otherwise ("Kinh tế số", "Hạ tầng số") is a topic.
BODY_NOUNS = (
    "bo", "so", "ban", "phong", "ubnd", "uy ban", "hdnd", "cong an", "bo chi huy", "bo doi", "van phong",
    "trung tam", "chi cuc", "cuc", "tong cuc", "thanh tra", "dai", "bao", "hoi", "lien doan", "lien minh",
    "lien hiep", "vien", "hoc vien", "truong", "tinh doan", "thanh doan", "doan", "mat tran", "ngan hang",
    "kho bac", "bao hiem", "toa an", "tong cong ty", "cong ty", "hiep hoi", "quy", "khu", "doanh nghiep",
    "co quan", "don vi", "dia phuong", "to chuc", "co so", "nganh", "bo nganh", "chu tich", "giam doc",
    "thu truong", "nguoi dung dau", "cap uy", "dang uy", "tinh uy", "thanh uy", "hai quan", "bo tu lenh",
)
# Ministries by the name written after "Bộ" (folded), as a list names them after the first:
# "Bộ Xây dựng, Khoa học và Công nghệ" is two ministries. Today's and the names before 2025.
MINISTRY_NAMES = frozenset({
    "quoc phong", "cong an", "ngoai giao", "noi vu", "tu phap", "tai chinh", "cong thuong",
    "nong nghiep va moi truong", "xay dung", "van hoa, the thao va du lich", "khoa hoc va cong nghe",
    "giao duc va dao tao", "y te", "dan toc va ton giao", "ke hoach va dau tu", "giao thong van tai",
    "lao dong - thuong binh va xa hoi", "lao dong, thuong binh va xa hoi", "thong tin va truyen thong",
    "tai nguyen va moi truong", "nong nghiep va phat trien nong thon",
})

BODY_START = re.compile(
    r"^(?:(?:de nghi|giao|doi voi|trach nhiem(?: cua)?)\s+)?(?:cac\s+|moi\s+)?(?:"
    + "|".join(sorted(BODY_NOUNS, key=len, reverse=True))
    + r")\b"
)



# Words before the body a heading names: "Trách nhiệm của Bộ Công an", "Đề nghị Tỉnh đoàn".
_HEADING_PREFIX = re.compile(r"^(?:trách nhiệm(?: của)?|nhiệm vụ của|đề nghị|giao(?: cho)?|đối với)\s+", re.I)


def heading_bodies(text: str, strict: bool = False) -> list[str]:
    """The bodies a heading over their duties names ("1. Các bộ, cơ quan ngang bộ, Ủy ban nhân
    dân các tỉnh", "Trách nhiệm của Bộ Công an:"), as written; none when any part of it is not
    a body's name. `strict`: nor when a verb follows a name ("Bộ Công an chủ trì, …" is a
    sentence; a heading already known to name a body keeps its relative clause: "Các sở
    chủ trì dự án")."""
    from importer.roles import names_only
    from importer.units import looks_like_unit, split_units

    name = _HEADING_PREFIX.sub("", text.strip().rstrip(":.").strip())
    names = split_units(name)
    # Every part a body's name and nothing else: "Bộ Công an chủ trì, …" is a sentence.
    if not names or not all(looks_like_unit(n) and (names_only(n) or not strict) for n in names):
        return []
    return names
