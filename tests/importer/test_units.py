import pytest

from importer.units import UnitDirectory, UnitRecord, group_kind, split_units, unit_key

DIRECTORY = UnitDirectory(
    [
        UnitRecord(1, "Văn phòng Sở", ("Văn phòng",), True),
        UnitRecord(2, "Thanh tra Sở"),
        UnitRecord(3, "Phòng Quản lý Khoa học", ("Phòng QLKH",)),
        UnitRecord(4, "Phòng Quản lý Công nghệ"),
        UnitRecord(5, "Chi cục Tiêu chuẩn Đo lường Chất lượng"),
        UnitRecord(6, "Trung tâm Kiểm định và Phát triển khoa học công nghệ"),
        UnitRecord(7, "Trung tâm Thông tin và Ứng dụng Khoa học và Công nghệ"),
    ]
)


@pytest.mark.parametrize(
    ("written", "unit_id"),
    [
        ("Văn phòng", 1),
        ("VĂN PHÒNG SỞ", 1),
        ("Chánh Văn phòng Sở", 1),
        ("Thanh tra", 2),
        ("Phòng QLKH", 3),
        ("phong quan ly khoa hoc", 3),
        ("Phòng Quản lý Công nghê", 4),  # typo
        ("Chi cục TĐC", 5),
        ("Chi cục trưởng Chi cục Tiêu chuẩn đo lường chất lượng", 5),
        ("Trung tâm kiểm định và Phát triển", 6),  # shortened
        ("Trung tâm Thông tin và Ứng dụng KH&CN", 7),
        ("Trung tâm TT và UD KHCN", 7),  # abbreviations, then fuzzy
        ("Phòng Kế hoạch - Tài chính", None),
    ],
)
def test_resolve(written, unit_id):
    found = DIRECTORY.resolve(written)
    assert (found.id if found else None) == unit_id


def test_unit_key_expands_abbreviations():
    assert unit_key("Phòng QL KH&CN") == "phong quan ly khoa hoc va cong nghe"
    assert unit_key("Văn phòng Sở") == unit_key("văn phòng")


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("Văn phòng Sở, các phòng, đơn vị liên quan.", ["Văn phòng Sở", "Các phòng, đơn vị liên quan"]),
        ("Thanh tra Sở, Phòng Quản lý khoa học và công nghệ.", ["Thanh tra Sở", "Phòng Quản lý khoa học và công nghệ"]),
        ("Chi cục TĐC; Văn phòng Sở (phần tài chính)", ["Chi cục TĐC", "Văn phòng Sở"]),
        ("Thanh tra Sở và Văn phòng Sở", ["Thanh tra Sở", "Văn phòng Sở"]),
        ("Các phòng, cơ quan, đơn vị (theo chức năng)", ["Các phòng, cơ quan, đơn vị"]),
        ("Các Phòng, Chi cục, Trung tâm thuộc Sở", ["Các Phòng, Chi cục, Trung tâm thuộc Sở"]),
        ("Văn phòng\nSở", ["Văn phòng Sở"]),  # a cell's second line continues the name
        ("VP Sở;\nP. KHTC", ["VP Sở", "P.KHTC"]),
        ("Phòng Kế hoạch - Tài chính", ["Phòng Kế hoạch - Tài chính"]),
        ("Thanh tra Sở - Văn phòng Sở", ["Thanh tra Sở", "Văn phòng Sở"]),
        ("Lãnh đạo Sở", ["Lãnh đạo Sở"]),
        ("**Phòng Tổ chức, Hành chính**", ["Phòng Tổ chức, Hành chính"]),
        # A province by its name, first of a "và" list; a line ending on "và" goes on.
        ("UBND tỉnh Lào Cai, Thành phố Hải Phòng và\nUBND các tỉnh, thành phố còn lại",
         ["UBND tỉnh Lào Cai", "Thành phố Hải Phòng", "UBND các tỉnh, thành phố còn lại"]),
        ("Sở Y tế, Tỉnh Gia Lai và các huyện", ["Sở Y tế", "Tỉnh Gia Lai", "Các huyện"]),
        # ministries listed after the first without their "Bộ"; a name with commas stays whole
        ("Bộ Y tế, Quốc phòng, Công an", ["Bộ Y tế", "Bộ Quốc phòng", "Bộ Công an"]),
        ("Bộ Văn hóa, Thể thao và Du lịch, Ngoại giao", ["Bộ Văn hóa, Thể thao và Du lịch", "Bộ Ngoại giao"]),
        ("Các Bộ: Y tế, Tư pháp, các tỉnh, thành phố", ["Bộ Y tế", "Bộ Tư pháp", "Các tỉnh, thành phố"]),
        # what a unit answers for, before or after its name, is no part of it
        ("Về thuốc và vắc xin: Bộ Y tế", ["Bộ Y tế"]),
        ("Bộ Công an đối với phòng cháy, cứu nạn", ["Bộ Công an"]),
        ("Các tỉnh theo chức năng, nhiệm vụ được giao", ["Các tỉnh"]),
        # a second city by its name, written in lower case after a comma
        ("Thành phố Hải Phòng, thành phố Cần Thơ", ["Thành phố Hải Phòng", "Thành phố Cần Thơ"]),
        ("Ủy ban nhân dân các xã: Mỹ An, Tân Hòa", ["Ủy ban nhân dân xã Mỹ An", "Ủy ban nhân dân xã Tân Hòa"]),
    ],
)
def test_split_units(value, names):
    assert split_units(value) == names


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Các phòng, đơn vị thuộc Sở", "all"),
        ("các phòng, cơ quan, đơn vị", "all"),
        ("Các đơn vị trực thuộc", "all"),
        ("Các phòng, đơn vị liên quan", "related"),
        ("Các Phòng, Chi cục, Trung tâm", "all"),
        ("Toàn thể công chức, viên chức", "all"),
        ("Cơ quan, đơn vị có liên quan", "related"),
        ("Văn phòng Sở", None),
    ],
)
def test_group_kind(name, kind):
    assert group_kind(name) == kind


@pytest.mark.parametrize(
    "name",
    ["Sở Nội vụ", "UBND tỉnh", "Văn phòng UBND tỉnh", "Bộ Khoa học và Công nghệ", "Các sở, ngành", "Lãnh đạo Sở"],
)
def test_outside_bodies_are_not_units_of_the_department(name):
    assert group_kind(name) == "external"
    assert group_kind("Văn phòng Sở") is None


@pytest.mark.parametrize(
    ("written", "unit_id"),
    [("P. QLKH", 3), ("P.QLCN", 4), ("CC TĐC", 5), ("VP Sở", 1), ("TTr Sở", 2), ("Trung tâm TT&ƯDKHCN", 7),
     ("Chi cục", 5)],  # the department's only Chi cục
)
def test_short_forms(written, unit_id):
    assert DIRECTORY.resolve(written).id == unit_id


def test_split_keeps_initials_with_their_name():
    assert split_units("P. QLKH, P. QLCN") == ["P.QLKH", "P.QLCN"]
