"""Which paragraphs of a real plan are tasks: rules a reader of Vietnamese plans would state,
each pinned with invented sentences (never copied from the plans in ../shared/plans)."""

from __future__ import annotations

import pytest

from importer import parse_bytes
from importer.paragraphs import is_furniture, parse_marker
from importer.parse import _LEGAL_BASIS, LEGAL_DOCUMENT_WORDS
from importer.textutil import fold


def _tasks(text: str) -> list[str]:
    return [t.text for t in parse_bytes(text.encode("utf-8"), "plan.txt").tasks]


@pytest.mark.parametrize(
    "line, style, number, rest",
    [
        ("Điều 2. Tổ chức thực hiện", "D", "Điều 2", "Tổ chức thực hiện"),
        ("ĐIỀU 1: Ban hành kèm theo", "D", "Điều 1", "Ban hành kèm theo"),
        ("Điều tra, khảo sát nhu cầu", None, None, "Điều tra, khảo sát nhu cầu"),
    ],
)
def test_article_marker(line, style, number, rest):
    assert parse_marker(line) == (style, number, rest)


@pytest.mark.parametrize(
    "line, furniture",
    [("CÔNG BÁO/Số 17/Ngày 03-02-2026", True), ("Công báo số ra ngày thứ Hai", False)],
)
def test_gazette_header_is_furniture(line, furniture):
    assert is_furniture(line) is furniture


@pytest.mark.parametrize(
    "line, basis",
    [
        ("Căn cứ Luật Tổ chức chính quyền địa phương năm 2030;", True),
        ("Căn cứ Nghị định số 99/2031/NĐ-CP của Chính phủ;", True),
        ("Theo đề nghị của Giám đốc Sở Xây dựng.", True),
        ("Trên cơ sở kết quả biểu quyết của các thành viên.", True),
        ("Thực hiện Kết luận số 77-KL/TW của Bộ Chính trị,", True),
        ("Căn cứ chức năng, nhiệm vụ được giao, chủ động xây dựng kế hoạch.", False),
        ("Thực hiện rà soát các thủ tục hành chính.", False),
    ],
)
def test_legal_basis_lines(line, basis):
    assert bool(_LEGAL_BASIS.match(fold(line))) is basis


def test_legal_document_words_are_folded():
    assert all(w == fold(w) for w in LEGAL_DOCUMENT_WORDS)


DECISION_WITH_PLAN = """THỦ TƯỚNG CHÍNH PHỦ
Số: 1/QĐ-TTg
Hà Nội, ngày 2 tháng 3 năm 2031
QUYẾT ĐỊNH
Ban hành Kế hoạch thử nghiệm trồng rừng ven biển
THỦ TƯỚNG CHÍNH PHỦ
Căn cứ Luật Tổ chức Chính phủ năm 2030;
Theo đề nghị của Bộ trưởng Bộ Nông nghiệp.

QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thử nghiệm trồng rừng ven biển.
Điều 2. Giao Bộ Nông nghiệp chủ trì tổ chức thực hiện Kế hoạch.
Điều 3. Quyết định này có hiệu lực từ ngày ký.

KT. THỦ TƯỚNG
PHÓ THỦ TƯỚNG
Nguyễn Văn A

CÔNG BÁO/Số 5/Ngày 04-03-2031
12

KẾ HOẠCH
Thử nghiệm trồng rừng ven biển
(Kèm theo Quyết định số 1/QĐ-TTg)
Căn cứ Luật Lâm nghiệp năm 2030, Thủ tướng ban hành Kế hoạch như sau:
I. NHIỆM VỤ
1. Bộ Nông nghiệp chủ trì chọn giống cây chịu mặn, hoàn thành trong Quý II/2031.
2. Bộ Tài chính chủ trì bố trí kinh phí thử nghiệm.
"""


def test_decision_lines_are_not_tasks_and_the_attached_plan_is_read():
    tasks = _tasks(DECISION_WITH_PLAN)
    assert [t.split()[:3] for t in tasks] == [["Bộ", "Nông", "nghiệp"], ["Bộ", "Tài", "chính"]]


ARTICLE_ASSIGNS = """QUYẾT ĐỊNH
Phê duyệt Đề án nuôi cá sạch
QUYẾT ĐỊNH:
Điều 1. Phê duyệt Đề án nuôi cá sạch với nội dung sau:
I. MỤC TIÊU
Đến năm 2031 có 10 vùng nuôi đạt chuẩn.
Điều 2. Tổ chức thực hiện
1. Bộ Nông nghiệp
a) Hướng dẫn các địa phương chọn vùng nuôi.
b) Tổng kết Đề án trước ngày 31/12/2031.
2. Bộ Tài chính
Bố trí kinh phí thực hiện Đề án.
Điều 3. Quyết định này có hiệu lực từ ngày ký.
"""


def test_an_article_on_implementation_gives_its_units_duties():
    tasks = _tasks(ARTICLE_ASSIGNS)
    assert tasks == [
        "Hướng dẫn các địa phương chọn vùng nuôi.",
        "Tổng kết Đề án trước ngày 31/12/2031.",
        "Bố trí kinh phí thực hiện Đề án.",
    ]
