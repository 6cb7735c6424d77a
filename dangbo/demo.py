"""The demo dataset: a fictional province's party organizations, members and their 2013–2025 history.

`plan(seed, scale)` decides everything without touching the database (the same seed gives the same
plan); `build(seed=..., scale=...)` carries the plan out through the services the app uses, so the data
obeys every rule they enforce. Two scales:

* ``bloc``: one upper-level committee modelled on a provincial bloc ("Đảng bộ Khối các cơ quan tỉnh"),
  about 80 grassroots organizations, 350 cells and 6,000 members, with a history from 2013 to 2025
  (renamings, a move, merges, a split, dissolutions, transfers) and one demo account per role.
* ``province``: the province's committee above that bloc and 19 other upper-level committees, about
  2,000 grassroots organizations and 150,000 members, for benchmarks.

Everything is dated (data up to 31/12/2025), so the dataset does not depend on the day it is built.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import importlib
import itertools
import random
import resource
import time
from array import array
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Count
from faker import Faker
from pghistory.models import Context as HistoryContext

from dangbo.accounts import services as account_services
from dangbo.accounts.models import Role, RoleAssignment, User
from dangbo.lib import vn
from dangbo.members import services as member_services
from dangbo.members.models import Gender, Member, Placement, Status
from dangbo.organizations import services as org_services
from dangbo.organizations.models import EventKind, Kind, Organization, OrganizationEvent, Sector

DEFAULT_SEED = 2025
SCALES = ("bloc", "province")
PASSWORD = "dangbo2025"  # noqa: S105 (documented demo password)
PROVINCE = "Lam Hồng"  # fictional
CAPITAL = "Hồng Châu"  # its capital city, fictional too
PROVINCE_ID_CODE = "039"  # first digits of the national IDs registered in the province (unused code)
END = dt.date(2025, 12, 31)  # the dataset's "today"
FIRST_ADMISSION = dt.date(1975, 1, 1)
HISTORY_START = dt.date(2013, 1, 1)
PROBATION_FROM = dt.date(2025, 1, 1)  # admitted on or after this date: still probationary on END
BATCH = 5000
BLOC_MEMBERS = 6000  # about, at both scales
PROVINCE_MEMBERS = 150_000
DEMO_USERNAMES = ("admin", "lanhdao", "vanphong", "kiemtra", "bithu", "vanthu", "xem", "dangvien")

Progress = Callable[[str], None]


# ---------------------------------------------------------------------------------------------------
# Names: family + middle + given, composed here (Faker's vi_VN names are in Western order).

# Family names of the Kinh majority, with approximate shares in percent.
KINH_FAMILY = {
    "Nguyễn": 38, "Trần": 11, "Lê": 9.5, "Phạm": 7, "Hoàng": 3.5, "Huỳnh": 1.5, "Phan": 4.5, "Vũ": 2.5,
    "Võ": 1.5, "Đặng": 2.1, "Bùi": 2, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1, "Lý": 0.5,
    "Đinh": 0.9, "Đoàn": 0.6, "Trịnh": 0.6, "Trương": 0.6, "Lương": 0.4, "Mai": 0.4, "Cao": 0.4,
    "Hà": 0.5, "Lưu": 0.3, "Tạ": 0.3, "Lâm": 0.3, "Chu": 0.2, "Kiều": 0.2, "Vương": 0.2, "Tô": 0.2,
    "Quách": 0.1, "Thái": 0.2, "Khúc": 0.05, "Nghiêm": 0.1, "Phùng": 0.2, "Lại": 0.1, "Doãn": 0.05,
}  # fmt: skip
# Family names common among ethnic minorities (first listed most common).
MINORITY_FAMILY = {
    "Tày": ("Hoàng", "Nông", "Lục", "Ma", "Hà", "Lương", "Vi", "Triệu"),
    "Thái": ("Lò", "Lường", "Quàng", "Cầm", "Hà", "Vi"),
    "Mường": ("Bùi", "Đinh", "Quách", "Hà", "Xa"),
    "Mông": ("Giàng", "Vàng", "Sùng", "Thào", "Lầu", "Mùa", "Hờ"),
    "Dao": ("Triệu", "Bàn", "Đặng", "Lý", "Phùng"),
    "Nùng": ("Nông", "Hoàng", "Lương", "Vi", "Lăng", "Mã"),
    "Khmer": ("Thạch", "Sơn", "Danh", "Kim", "Lâm"),
}
FAMILY_NAMES = frozenset(KINH_FAMILY) | {name for names in MINORITY_FAMILY.values() for name in names}
MALE_MIDDLE = {
    "Văn": 30, "Đức": 8, "Minh": 8, "Hữu": 6, "Quang": 6, "Xuân": 4, "Thanh": 4, "Ngọc": 3, "Công": 4,
    "Mạnh": 2, "Trọng": 3, "Quốc": 4, "Đình": 5, "Thế": 3, "Tiến": 2, "Duy": 2, "Anh": 2, "Bá": 2,
    "Hoàng": 2, "Khắc": 1, "Việt": 2, "Hải": 1, "Kim": 1, "Huy": 1, "Trung": 1, "Chí": 2, "Nhật": 1,
    "Tuấn": 1, "Hồng": 1, "Đăng": 1,
}  # fmt: skip
FEMALE_MIDDLE = {
    "Thu": 5, "Thanh": 5, "Ngọc": 5, "Minh": 4, "Thùy": 3, "Hồng": 4, "Phương": 3, "Kim": 3, "Bích": 2,
    "Hoài": 2, "Quỳnh": 1, "Khánh": 2, "Diệu": 1, "Hải": 2, "Mai": 2, "Lan": 1, "Thúy": 1, "Tuyết": 1,
    "Hương": 1, "Bảo": 1, "Vân": 1, "Huyền": 1, "Việt": 1, "Thảo": 1,
}  # fmt: skip
SECOND_MIDDLE = ("Thu", "Minh", "Ngọc", "Kim", "Thanh", "Hồng", "Thúy", "Bích", "Thùy", "Mai", "Hải", "Lan")
MALE_GIVEN = {
    "Anh": 5, "Tuấn": 5, "Hùng": 5, "Dũng": 5, "Minh": 4, "Nam": 4, "Sơn": 4, "Hải": 4, "Long": 3,
    "Cường": 3, "Thắng": 3, "Hiếu": 3, "Trung": 3, "Đức": 3, "Huy": 3, "Hoàng": 2, "Phong": 2, "Quang": 2,
    "Tùng": 3, "Thành": 3, "Tiến": 2, "Việt": 2, "Bình": 3, "Hòa": 2, "Khánh": 2, "Lâm": 2, "Lợi": 1,
    "Lực": 1, "Mạnh": 2, "Nghĩa": 2, "Phúc": 2, "Quân": 2, "Quý": 1, "Tâm": 2, "Tân": 2, "Thái": 1,
    "Thanh": 2, "Thịnh": 2, "Toàn": 2, "Trí": 1, "Trọng": 1, "Trường": 2, "Tú": 1, "Vinh": 2, "Vũ": 1,
    "Chiến": 2, "Công": 1, "Cương": 1, "Đạt": 3, "Định": 1, "Đông": 1, "Giang": 1, "Hiệp": 1, "Hưng": 2,
    "Kiên": 2, "Khoa": 1, "Lộc": 1, "Luân": 1, "Nhân": 1, "Ninh": 1, "Phú": 1, "Quyết": 1, "Sáng": 1,
    "Tài": 1, "Thuận": 1, "Tuyên": 1, "Vương": 1, "Bảo": 1, "Duy": 2, "Khải": 1, "Hậu": 1, "An": 2,
}  # fmt: skip
FEMALE_GIVEN = {
    "Hương": 5, "Lan": 4, "Hà": 4, "Linh": 5, "Trang": 5, "Thủy": 4, "Hằng": 4, "Hoa": 3, "Huyền": 4,
    "Nga": 3, "Ngọc": 3, "Phương": 4, "Thảo": 4, "Thu": 3, "Hạnh": 3, "Dung": 3, "Mai": 3, "Loan": 2,
    "Yến": 3, "Hiền": 3, "Nhung": 3, "Vân": 3, "Anh": 4, "Tâm": 2, "Oanh": 2, "Liên": 2, "Hồng": 2,
    "Quyên": 2, "Quỳnh": 2, "Thúy": 2, "Chi": 2, "Giang": 2, "Ly": 2, "My": 1, "Ngân": 2, "Nguyệt": 1,
    "Nhàn": 1, "Tuyết": 1, "Uyên": 1, "Xuân": 1, "Ánh": 2, "Bích": 1, "Diệp": 1, "Duyên": 2, "Hậu": 1,
    "Hòa": 1, "Huệ": 1, "Hường": 1, "Lệ": 1, "Lý": 1, "Mỹ": 1, "Thắm": 1, "Thơm": 1, "Thư": 2, "Trâm": 1,
    "Vy": 1, "An": 1,
}  # fmt: skip
MONG_MALE_GIVEN = ("Páo", "Chứ", "Sử", "Dế", "Lử", "Sình", "Tủa", "Pó")
MONG_FEMALE_GIVEN = ("Mai", "Dua", "Súa", "Mỷ", "Sua", "Pằng")
ETHNICITIES = {"Kinh": 900, "Tày": 25, "Thái": 20, "Mường": 20, "Nùng": 10, "Mông": 6, "Dao": 8, "Khmer": 5}
RELIGIONS = {"Không": 930, "Phật giáo": 40, "Công giáo": 22, "Tin Lành": 4, "Cao Đài": 4}


class _Weighted:
    """Draw from a {value: weight} table with one random number (bisect on cumulative weights)."""

    def __init__(self, table: Mapping[str, float]) -> None:
        self.values = list(table)
        self.cumulative = list(itertools.accumulate(table.values()))

    def __call__(self, rng: random.Random) -> str:
        return self.values[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


_KINH_FAMILY = _Weighted(KINH_FAMILY)
_MALE_MIDDLE = _Weighted(MALE_MIDDLE)
_FEMALE_MIDDLE = _Weighted(FEMALE_MIDDLE)
_MALE_GIVEN = _Weighted(MALE_GIVEN)
_FEMALE_GIVEN = _Weighted(FEMALE_GIVEN)
_ETHNICITY = _Weighted(ETHNICITIES)
_RELIGION = _Weighted(RELIGIONS)


def person_name(rng: random.Random, gender: str, birth_year: int, ethnicity: str = "Kinh") -> str:
    """A full name in Vietnamese order, family + middle + given ("Nguyễn Thị Thu Hà")."""
    female = gender == Gender.FEMALE
    if ethnicity in MINORITY_FAMILY:
        families = MINORITY_FAMILY[ethnicity]
        family = families[0] if rng.random() < 0.3 else rng.choice(families)
    else:
        family = _KINH_FAMILY(rng)
    if ethnicity == "Mông":
        middle = "Thị" if female else "A"
        given = rng.choice(MONG_FEMALE_GIVEN if female else MONG_MALE_GIVEN)
        return f"{family} {middle} {given}"
    if female:
        # "Thị" was the rule for older generations and is less common among the young.
        thi_share = 0.8 if birth_year < 1970 else 0.6 if birth_year < 1985 else 0.4
        if rng.random() < thi_share:
            middle = "Thị" if rng.random() < 0.8 else f"Thị {rng.choice(SECOND_MIDDLE)}"
        else:
            middle = _FEMALE_MIDDLE(rng)
        given = _FEMALE_GIVEN(rng)
    else:
        middle = "Văn" if birth_year < 1965 and rng.random() < 0.4 else _MALE_MIDDLE(rng)
        given = _MALE_GIVEN(rng)
    while given == middle.split()[-1]:
        given = (_FEMALE_GIVEN if female else _MALE_GIVEN)(rng)
    return f"{family} {middle} {given}"


def sample_names(seed: int, count: int) -> list[str]:
    """`count` names from the generator alone (for a quick look at what a seed gives)."""
    rng = random.Random(f"{seed}/names")
    return [
        person_name(rng, rng.choice((Gender.MALE, Gender.FEMALE)), rng.randint(1950, 2003))
        for _ in range(count)
    ]


# ---------------------------------------------------------------------------------------------------
# The bloc's grassroots organizations. Units are cells ("Chi bộ <unit>"); "!" marks a unit always kept
# (the history uses it); "Name=a; b; c" is a partial committee ("Đảng bộ bộ phận Name") with its cells.
# {P} is the province's name, {C} its capital's.

BC, CB = Kind.BASE_COMMITTEE, Kind.BASE_CELL
AG, PS, EN, AF, OT = (
    Sector.AGENCY,
    Sector.PUBLIC_SERVICE,
    Sector.ENTERPRISE,
    Sector.ARMED_FORCES,
    Sector.OTHER,
)
_OFFICE = "!Văn phòng"

BLOC_CATALOGUE: list[tuple[str, str, str, str, tuple[str, ...]]] = [
    ("STC", BC, AG, "Sở Tài chính", (
        _OFFICE, "Thanh tra", "Phòng Quản lý ngân sách", "Phòng Tài chính hành chính sự nghiệp",
        "Phòng Quản lý giá và công sản", "Phòng Tài chính doanh nghiệp", "Phòng Tin học và Thống kê")),
    ("SKHDT", BC, AG, "Sở Kế hoạch và Đầu tư", (
        _OFFICE, "Thanh tra", "Phòng Tổng hợp, quy hoạch", "Phòng Đăng ký kinh doanh", "Phòng Kinh tế ngành",
        "Phòng Đấu thầu, thẩm định và giám sát đầu tư", "Phòng Khoa giáo - Văn xã")),
    ("SNV", BC, AG, "Sở Nội vụ", (
        _OFFICE, "Thanh tra", "Phòng Tổ chức, biên chế và tổ chức phi chính phủ",
        "Phòng Cán bộ, công chức, viên chức", "Phòng Xây dựng chính quyền và công tác thanh niên",
        "Ban Thi đua - Khen thưởng", "Ban Tôn giáo", "Chi cục Văn thư - Lưu trữ")),
    ("SLDTBXH", BC, AG, "Sở Lao động - Thương binh và Xã hội", (
        _OFFICE, "Thanh tra", "Phòng Lao động - Việc làm - Giáo dục nghề nghiệp", "Phòng Người có công",
        "Phòng Bảo trợ xã hội", "Trung tâm Dịch vụ việc làm", "Trung tâm Bảo trợ xã hội",
        "Cơ sở Cai nghiện ma túy")),
    ("STP", BC, AG, "Sở Tư pháp", (
        _OFFICE, "Phòng Xây dựng và kiểm tra văn bản", "Phòng Phổ biến, giáo dục pháp luật",
        "Phòng Hành chính tư pháp", "Trung tâm Trợ giúp pháp lý nhà nước", "Phòng Công chứng số 1",
        "Trung tâm Dịch vụ đấu giá tài sản")),
    ("SCT", BC, AG, "Sở Công Thương", (
        _OFFICE, "Thanh tra", "Phòng Quản lý công nghiệp", "Phòng Quản lý thương mại",
        "Phòng Quản lý năng lượng", "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp",
        "!Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch")),
    ("SXD", BC, AG, "Sở Xây dựng", (
        _OFFICE, "Thanh tra", "Phòng Quản lý xây dựng", "Phòng Quy hoạch - Kiến trúc",
        "Phòng Phát triển đô thị",
        "Phòng Quản lý nhà và thị trường bất động sản", "Trung tâm Kiểm định chất lượng xây dựng")),
    ("SGTVT", BC, AG, "Sở Giao thông vận tải", (
        _OFFICE, "Thanh tra", "Phòng Quản lý kết cấu hạ tầng giao thông",
        "Phòng Quản lý vận tải, phương tiện và người lái", "Trung tâm Đăng kiểm xe cơ giới",
        "Ban Quản lý bảo trì đường bộ")),
    ("SNN", BC, AG, "Sở Nông nghiệp và Phát triển nông thôn", (
        _OFFICE, "Thanh tra", "Chi cục Trồng trọt và Bảo vệ thực vật", "Chi cục Chăn nuôi và Thú y",
        "Chi cục Thủy lợi", "Chi cục Phát triển nông thôn", "Trung tâm Khuyến nông",
        "Chi cục Kiểm lâm=Văn phòng Chi cục Kiểm lâm; Hạt Kiểm lâm Yên Lạc; Hạt Kiểm lâm Tân Sơn; "
        "Đội Kiểm lâm cơ động và phòng cháy, chữa cháy rừng")),
    ("STNMT", BC, AG, "Sở Tài nguyên và Môi trường", (
        _OFFICE, "Thanh tra", "Phòng Quản lý đất đai", "Phòng Tài nguyên nước - Khoáng sản",
        "Chi cục Bảo vệ môi trường", "Văn phòng Đăng ký đất đai", "Trung tâm Quan trắc môi trường",
        "Trung tâm Phát triển quỹ đất")),
    ("SGDDT", BC, AG, "Sở Giáo dục và Đào tạo", (
        _OFFICE, "Thanh tra", "Phòng Giáo dục Trung học", "Phòng Giáo dục Mầm non - Tiểu học",
        "Phòng Khảo thí và Kiểm định chất lượng giáo dục", "Phòng Giáo dục thường xuyên",
        "Trung tâm Giáo dục thường xuyên tỉnh")),
    ("SYT", BC, AG, "Sở Y tế", (
        _OFFICE, "Phòng Nghiệp vụ Y", "Phòng Nghiệp vụ Dược", "Chi cục An toàn vệ sinh thực phẩm",
        "Chi cục Dân số - Kế hoạch hóa gia đình", "!Trung tâm Y tế dự phòng tỉnh",
        "!Trung tâm Phòng, chống HIV/AIDS tỉnh", "Trung tâm Kiểm nghiệm thuốc, mỹ phẩm, thực phẩm",
        "Trung tâm Giám định y khoa")),
    ("SVHTTDL", BC, AG, "Sở Văn hóa, Thể thao và Du lịch", (
        _OFFICE, "Phòng Quản lý văn hóa", "Phòng Quản lý thể dục thể thao", "Phòng Quản lý du lịch",
        "Nhà hát Nghệ thuật truyền thống", "Trung tâm Huấn luyện và Thi đấu thể thao", "Bảo tàng tỉnh",
        "Thư viện tỉnh")),
    ("SKHCN", BC, AG, "Sở Khoa học và Công nghệ", (
        _OFFICE, "Phòng Quản lý khoa học", "Phòng Quản lý công nghệ và thị trường công nghệ",
        "Chi cục Tiêu chuẩn Đo lường Chất lượng", "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ",
        "Thanh tra", "Phòng Kế hoạch - Tài chính", "Trung tâm Thông tin và Thống kê khoa học và công nghệ")),
    ("STTTT", BC, AG, "Sở Thông tin và Truyền thông", (
        _OFFICE, "Phòng Bưu chính, Viễn thông", "Phòng Thông tin - Báo chí - Xuất bản",
        "Phòng Công nghệ thông tin", "Trung tâm Công nghệ thông tin và Truyền thông", "Thanh tra",
        "Phòng Kế hoạch - Tài chính")),
    ("VPUB", BC, AG, "Văn phòng Ủy ban nhân dân tỉnh", (
        "Phòng Tổng hợp", "Phòng Kinh tế", "Phòng Khoa giáo - Văn xã", "Phòng Nội chính",
        "Phòng Hành chính - Tổ chức", "Phòng Quản trị - Tài vụ", "Nhà khách tỉnh", "Ban Tiếp công dân tỉnh")),
    ("VPHDND", BC, AG, "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh", (
        "Phòng Công tác Quốc hội", "Phòng Công tác Hội đồng nhân dân",
        "Phòng Hành chính - Tổ chức - Quản trị",
        "Phòng Thông tin - Dân nguyện", "Phòng Tổng hợp")),
    ("TTRA", BC, AG, "Thanh tra tỉnh", (
        _OFFICE, "Phòng Nghiệp vụ 1", "Phòng Nghiệp vụ 2", "Phòng Nghiệp vụ 3",
        "Phòng Phòng, chống tham nhũng",
        "Phòng Tiếp công dân và xử lý đơn thư")),
    ("CTHUE", BC, AG, "Cục Thuế tỉnh", (
        _OFFICE, "Phòng Kiểm tra thuế số 1", "Phòng Kiểm tra thuế số 2", "Phòng Thanh tra - Kiểm tra thuế",
        "Phòng Tuyên truyền - Hỗ trợ người nộp thuế", "Phòng Quản lý hộ kinh doanh, cá nhân và thu khác",
        "Chi cục Thuế khu vực {C}=Đội Kiểm tra thuế số 1; Đội Kiểm tra thuế số 2; "
        "Đội Quản lý nợ và cưỡng chế nợ thuế; Đội Hành chính - Nhân sự - Tài vụ - Ấn chỉ")),
    ("KBNN", BC, AG, "Kho bạc Nhà nước {P}", (
        _OFFICE, "Phòng Kế toán nhà nước", "Phòng Kiểm soát chi", "Phòng Thanh tra - Kiểm tra",
        "Phòng Tin học", "Phòng Giao dịch", "Phòng Tổ chức cán bộ", "Kho bạc Nhà nước Yên Lạc")),
    ("BHXH", BC, AG, "Bảo hiểm xã hội tỉnh", (
        _OFFICE, "Phòng Quản lý thu", "Phòng Chế độ bảo hiểm xã hội", "Phòng Giám định bảo hiểm y tế",
        "Phòng Kế hoạch - Tài chính", "Phòng Cấp sổ, thẻ", "Phòng Kiểm tra", "Bảo hiểm xã hội khu vực {C}")),
    ("CTK", BC, AG, "Cục Thống kê tỉnh", (
        _OFFICE, "Phòng Thống kê Tổng hợp", "Phòng Thống kê Kinh tế", "Phòng Thống kê Xã hội",
        "Phòng Thu thập thông tin thống kê", "Chi cục Thống kê khu vực {C}",
        "Chi cục Thống kê khu vực Yên Lạc")),
    ("NHNN", BC, AG, "Ngân hàng Nhà nước Chi nhánh tỉnh {P}", (
        _OFFICE, "Phòng Thanh tra, giám sát ngân hàng", "Phòng Tổng hợp, nghiệp vụ",
        "Phòng Kế toán - Thanh toán", "Phòng Tiền tệ - Kho quỹ", "Phòng Tổ chức - Hành chính")),
    ("TAND", BC, AG, "Tòa án nhân dân tỉnh", (
        _OFFICE, "Tòa Hình sự", "Tòa Dân sự", "Tòa Hành chính", "Tòa Kinh tế",
        "Tòa Gia đình và người chưa thành niên", "Phòng Giám đốc kiểm tra")),
    ("VKSND", BC, AG, "Viện Kiểm sát nhân dân tỉnh", (
        _OFFICE, "Phòng Thực hành quyền công tố và kiểm sát điều tra án hình sự",
        "Phòng Kiểm sát xét xử hình sự", "Phòng Kiểm sát giải quyết các vụ, việc dân sự",
        "Phòng Kiểm sát thi hành án", "Phòng Thanh tra, khiếu tố")),
    ("CTHADS", BC, AG, "Cục Thi hành án dân sự tỉnh", (
        _OFFICE, "Phòng Nghiệp vụ và Tổ chức thi hành án", "Phòng Kiểm tra, giải quyết khiếu nại, tố cáo",
        "Phòng Tổ chức cán bộ", "Phòng Kế hoạch - Tài vụ", "Chi cục Thi hành án dân sự {C}",
        "Chi cục Thi hành án dân sự Yên Lạc")),
    ("BQLKCN", BC, AG, "Ban Quản lý các khu công nghiệp tỉnh", (
        _OFFICE, "Phòng Quản lý đầu tư", "Phòng Quản lý doanh nghiệp", "Phòng Quản lý quy hoạch và xây dựng",
        "Phòng Quản lý môi trường", "Phòng Quản lý lao động", "Trung tâm Dịch vụ khu công nghiệp")),
    ("CHQ", BC, AG, "Cục Hải quan tỉnh", (
        _OFFICE, "Phòng Nghiệp vụ", "Đội Kiểm soát hải quan", "Chi cục Hải quan cửa khẩu Tân Sơn",
        "Chi cục Hải quan {C}", "Đội Kiểm soát phòng, chống ma túy")),
    ("BDT", CB, AG, "Ban Dân tộc tỉnh", ()),
    ("SNGV", CB, AG, "Sở Ngoại vụ", ()),
    ("MTTQ", CB, OT, "Cơ quan Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", ()),
    ("LDLD", CB, OT, "Cơ quan Liên đoàn Lao động tỉnh", ()),
    ("TDOAN", CB, OT, "Cơ quan Tỉnh đoàn", ()),
    ("HLHPN", CB, OT, "Cơ quan Hội Liên hiệp Phụ nữ tỉnh", ()),
    ("HND", CB, OT, "Cơ quan Hội Nông dân tỉnh", ()),
    ("HCCB", CB, OT, "Cơ quan Hội Cựu chiến binh tỉnh", ()),
    ("LHH", CB, OT, "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", ()),
    ("HVHNT", CB, OT, "Hội Văn học Nghệ thuật tỉnh", ()),
    ("HCTD", CB, OT, "Hội Chữ thập đỏ tỉnh", ()),
    ("LMHTX", CB, OT, "Liên minh Hợp tác xã tỉnh", ()),
    ("HLG", CB, OT, "Hội Luật gia tỉnh", ()),
    ("BVDK", BC, PS, "Bệnh viện Đa khoa tỉnh", (
        "Khối Nội=!Khoa Nội; Khoa Tim mạch; Khoa Thần kinh; Khoa Nhi; Khoa Truyền nhiễm",
        "Khối Ngoại=Khoa Ngoại tổng hợp; Khoa Chấn thương chỉnh hình; Khoa Gây mê hồi sức; Khoa Phụ sản",
        "Khối Cận lâm sàng=Khoa Xét nghiệm; Khoa Chẩn đoán hình ảnh; Khoa Dược; Khoa Kiểm soát nhiễm khuẩn",
        "Phòng Kế hoạch tổng hợp", "Phòng Tổ chức cán bộ", "Phòng Tài chính kế toán", "Phòng Điều dưỡng",
        "Khoa Khám bệnh", "Khoa Cấp cứu")),
    ("BVSN", BC, PS, "Bệnh viện Sản - Nhi tỉnh", (
        "Khoa Sản", "Khoa Nhi", "Khoa Sơ sinh", "Khoa Hồi sức tích cực - Chống độc",
        "Khoa Phẫu thuật - Gây mê hồi sức", "Khối Cận lâm sàng", "Khối Hành chính")),
    ("BVYDCT", BC, PS, "Bệnh viện Y dược cổ truyền tỉnh", (
        "Khoa Nội", "Khoa Châm cứu - Dưỡng sinh", "Khoa Phục hồi chức năng", "Khoa Ngoại - Phụ", "Khoa Dược",
        "Khoa Khám bệnh", "Khối Hành chính")),
    ("DHHC", BC, PS, "Trường Đại học {C}", (
        "Khoa Sư phạm=Bộ môn Toán; Bộ môn Ngữ văn; Bộ môn Lịch sử - Địa lý",
        "Khoa Kinh tế=Bộ môn Kế toán; Bộ môn Quản trị kinh doanh; Bộ môn Tài chính - Ngân hàng",
        "Khoa Kỹ thuật - Công nghệ=Bộ môn Công nghệ thông tin; Bộ môn Điện - Điện tử; Bộ môn Xây dựng",
        "Phòng Đào tạo", "Phòng Tổ chức - Hành chính", "Phòng Kế hoạch - Tài chính", "Thư viện")),
    ("CDYT", BC, PS, "Trường Cao đẳng Y tế {P}", (
        "Khoa Điều dưỡng", "Khoa Dược", "Khoa Y học cơ sở", "Khoa Y học lâm sàng", "Phòng Đào tạo",
        "Phòng Tổ chức - Hành chính", "Phòng Quản lý khoa học và Hợp tác quốc tế")),
    ("CDCD", BC, PS, "Trường Cao đẳng Cộng đồng {P}", (
        "Khoa Kinh tế", "Khoa Nông - Lâm", "Khoa Kỹ thuật", "Khoa Ngoại ngữ - Tin học", "Phòng Đào tạo",
        "Phòng Tổ chức - Hành chính", "Phòng Công tác học sinh, sinh viên")),
    ("CDVHNT", BC, PS, "Trường Cao đẳng Văn hóa Nghệ thuật {P}", (
        "Khoa Âm nhạc", "Khoa Mỹ thuật", "Khoa Sân khấu - Múa", "Khoa Văn hóa - Du lịch", "Phòng Đào tạo",
        "Phòng Tổ chức - Hành chính")),
    ("DPTTH", BC, PS, "Đài Phát thanh và Truyền hình {P}", (
        "Phòng Thời sự", "Phòng Chuyên đề", "Phòng Biên tập", "Phòng Kỹ thuật - Công nghệ",
        "Phòng Tổ chức - Hành chính", "Phòng Dịch vụ - Quảng cáo")),
    ("BVPHCN", CB, PS, "Bệnh viện Phục hồi chức năng tỉnh", ()),
    ("BVTT", CB, PS, "Bệnh viện Tâm thần tỉnh", ()),
    ("BVPHOI", CB, PS, "Bệnh viện Phổi tỉnh", ()),
    ("TCT", CB, PS, "Trường Chính trị tỉnh", ()),
    ("BAO", CB, PS, "Báo {P}", ()),
    ("THPTC", CB, PS, "Trường Trung học phổ thông Chuyên {P}", ()),
    ("VQH", CB, PS, "Viện Quy hoạch Xây dựng tỉnh", ()),
    ("BQLDT", CB, PS, "Ban Quản lý Di tích và Danh thắng tỉnh", ()),
    ("BQLDAGT", CB, PS, "Ban Quản lý dự án Giao thông", ()),
    ("BQLDADD", CB, PS, "Ban Quản lý dự án Dân dụng và Công nghiệp", ()),
    ("QDTPT", CB, PS, "Quỹ Đầu tư phát triển tỉnh", ()),
    ("BQLDA", CB, PS, "Ban Quản lý dự án đầu tư xây dựng tỉnh", ()),
    ("DLLH", BC, EN, "Công ty Điện lực {P}", (
        _OFFICE, "Phòng Kỹ thuật", "Phòng Kinh doanh", "Phòng Tài chính - Kế toán", "Điện lực {C}",
        "Điện lực Yên Lạc", "Điện lực Tân Sơn", "Phân xưởng Thí nghiệm điện")),
    ("VNPT", BC, EN, "Viễn thông {P}", (
        _OFFICE, "Phòng Kỹ thuật - Đầu tư", "Phòng Kế hoạch - Kế toán", "Trung tâm Điều hành thông tin",
        "Trung tâm Viễn thông {C}", "Trung tâm Viễn thông Yên Lạc")),
    ("CAPNUOC", BC, EN, "Công ty TNHH Một thành viên Cấp nước {P}", (
        _OFFICE, "Phòng Kỹ thuật", "Phòng Kinh doanh", "Nhà máy nước {C}", "Xí nghiệp Cấp nước số 1",
        "Xí nghiệp Cấp nước số 2", "Xí nghiệp Xây lắp")),
    ("MTDT", BC, EN, "Công ty TNHH Một thành viên Môi trường và Công trình đô thị {C}", (
        _OFFICE, "Đội Vệ sinh môi trường số 1", "Đội Vệ sinh môi trường số 2", "Đội Cây xanh - Chiếu sáng",
        "Xí nghiệp Xử lý chất thải", "Xí nghiệp Công trình đô thị", "Phòng Kế hoạch - Kỹ thuật")),
    ("AGRI", BC, EN, "Ngân hàng Nông nghiệp và Phát triển nông thôn Chi nhánh tỉnh {P}", (
        _OFFICE, "Phòng Kế hoạch - Nguồn vốn", "Phòng Khách hàng doanh nghiệp", "Phòng Kế toán - Ngân quỹ",
        "Chi nhánh {C}", "Chi nhánh Yên Lạc", "Chi nhánh Tân Sơn")),
    ("NHCS", BC, EN, "Ngân hàng Chính sách xã hội Chi nhánh tỉnh {P}", (
        _OFFICE, "Phòng Kế hoạch - Nghiệp vụ tín dụng", "Phòng Kế toán - Ngân quỹ", "Phòng Giao dịch {C}",
        "Phòng Giao dịch Yên Lạc", "Phòng Giao dịch Tân Sơn", "Phòng Kiểm tra, kiểm soát nội bộ")),
    ("THUYLOI", BC, EN, "Công ty TNHH Một thành viên Khai thác công trình thủy lợi {P}", (
        _OFFICE, "Phòng Kỹ thuật", "Xí nghiệp Thủy lợi Yên Lạc", "Xí nghiệp Thủy lợi Tân Sơn",
        "Xí nghiệp Thủy lợi {C}", "Phòng Quản lý nước và công trình", "Phòng Kế hoạch - Tài vụ")),
    ("BUUDIEN", BC, EN, "Bưu điện tỉnh {P}", (
        _OFFICE, "Phòng Kinh doanh", "Trung tâm Khai thác vận chuyển", "Bưu điện thành phố {C}",
        "Bưu điện huyện Yên Lạc", "Bưu điện huyện Tân Sơn", "Phòng Kế toán - Thống kê")),
    ("XSKT", CB, EN, "Công ty TNHH Một thành viên Xổ số kiến thiết {P}", ()),
    ("BIDV", CB, EN, "Ngân hàng Thương mại cổ phần Đầu tư và Phát triển Việt Nam Chi nhánh {P}", ()),
    ("VIETIN", CB, EN, "Ngân hàng Thương mại cổ phần Công thương Việt Nam Chi nhánh {P}", ()),
    ("DUOC", CB, EN, "Công ty Cổ phần Dược - Vật tư y tế {P}", ()),
    ("SACH", CB, EN, "Công ty Cổ phần Sách và Thiết bị trường học {P}", ()),
    ("LAMNGHIEP", CB, EN, "Công ty TNHH Một thành viên Lâm nghiệp Đồng Tiến", ()),
    ("XDGT", CB, EN, "Công ty Cổ phần Xây dựng Giao thông {P}", ()),
    ("IN", CB, EN, "Công ty Cổ phần In {P}", ()),
    ("XEKHACH", CB, EN, "Công ty Cổ phần Xe khách {P}", ()),
    ("PCCC", BC, AF, "Cảnh sát Phòng cháy và chữa cháy tỉnh", (
        "Phòng Tham mưu", "Phòng Cảnh sát phòng cháy", "Phòng Cảnh sát chữa cháy và cứu nạn, cứu hộ",
        "Đội Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ khu vực {C}",
        "Đội Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ khu vực Yên Lạc",
        "Đội Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ khu vực Tân Sơn", "Phòng Hậu cần - Kỹ thuật")),
    ("TQS", CB, AF, "Trường Quân sự tỉnh", ()),
]  # fmt: skip

# Grassroots organizations founded during the modelled history (the others predate 1975).
BLOC_FOUNDED = {"QDTPT": dt.date(2014, 5, 1), "BQLDA": dt.date(2017, 7, 1)}


def _fill(text: str) -> str:
    return text.replace("{P}", PROVINCE).replace("{C}", CAPITAL)


# Occupations: job titles by sector, and qualifications.
TITLES = {
    AG: ("Chuyên viên", "Chuyên viên", "Chuyên viên", "Chuyên viên chính", "Phó Trưởng phòng", "Trưởng phòng",
         "Kế toán viên", "Thanh tra viên", "Cán sự", "Nhân viên"),
    PS: ("Viên chức", "Bác sĩ", "Điều dưỡng viên", "Giảng viên", "Giáo viên", "Phóng viên", "Biên tập viên",
         "Kỹ sư", "Phó Trưởng khoa", "Trưởng khoa", "Kế toán viên"),
    EN: ("Kỹ sư", "Công nhân", "Công nhân", "Nhân viên kinh doanh", "Kế toán viên", "Phó Giám đốc xí nghiệp",
         "Trưởng phòng", "Cán bộ tín dụng", "Giao dịch viên"),
    AF: ("Trung úy", "Thượng úy", "Đại úy", "Thiếu tá", "Trung tá", "Thượng tá"),
    OT: ("Chuyên viên", "Cán bộ", "Phó Trưởng ban", "Trưởng ban", "Nhân viên"),
    "community": ("Nông dân", "Nông dân", "Hưu trí", "Hưu trí", "Cán bộ thôn", "Giáo viên", "Buôn bán",
                  "Công nhân", "Cựu chiến binh"),
}  # fmt: skip
QUALIFICATIONS = {
    AG: ("Cử nhân Luật", "Cử nhân Kinh tế", "Thạc sĩ Quản lý công", "Cử nhân Kế toán", "Kỹ sư Xây dựng",
         "Thạc sĩ Kinh tế", "Cử nhân Hành chính", "Kỹ sư Công nghệ thông tin", "Tiến sĩ Kinh tế",
         "Cử nhân Tài chính - Ngân hàng", "Kỹ sư Nông nghiệp"),
    PS: ("Bác sĩ Đa khoa", "Bác sĩ chuyên khoa I", "Bác sĩ chuyên khoa II", "Thạc sĩ Y học",
         "Cử nhân Điều dưỡng", "Dược sĩ", "Thạc sĩ Giáo dục học", "Tiến sĩ", "Cử nhân Sư phạm",
         "Cử nhân Báo chí", "Kỹ sư Xây dựng"),
    EN: ("Kỹ sư Điện", "Kỹ sư Cấp thoát nước", "Cử nhân Quản trị kinh doanh", "Trung cấp Kỹ thuật",
         "Cử nhân Kế toán", "Cử nhân Tài chính - Ngân hàng", "Công nhân kỹ thuật"),
    AF: ("Cử nhân Phòng cháy chữa cháy", "Cử nhân Quân sự", "Cử nhân An ninh", "Trung cấp Quân sự"),
    OT: ("Cử nhân Luật", "Cử nhân Xã hội học", "Cử nhân Kinh tế", "Thạc sĩ Quản lý công",
         "Cử nhân Hành chính"),
    "community": ("", "", "Trung cấp Nông nghiệp", "Cao đẳng Sư phạm", "Cử nhân Kinh tế", "Sơ cấp"),
}  # fmt: skip
FEMALE_SHARE: dict[str, float] = {AG: 0.45, PS: 0.62, EN: 0.35, AF: 0.12, OT: 0.55}
# Places in the fictional province (two-tier addresses since 7/2025: xã/phường + tỉnh).
WARDS = ("Hồng Châu", "Bắc Sơn", "Nam Thành", "Đông Hòa", "Tây Hồ", "Quang Trung", "Lê Lợi", "Trần Phú")
COMMUNES = (
    "Yên Lạc", "Tân Sơn", "Đồng Tiến", "Phú Lâm", "Thanh Xuân", "Minh Đức", "Hòa Bình", "Xuân Trường",
    "Kim Sơn", "Vĩnh Hưng", "Tam Đảo", "An Phú", "Đại Đồng", "Trung Hà", "Phúc Thịnh", "Thượng Lâm",
    "Cao Phong", "Hưng Đạo", "Nghĩa Hưng", "Mỹ Lộc", "Lạc Thủy", "Tiên Phong", "Bình Minh", "Thái Hòa",
)  # fmt: skip
# Syllables of generated place names (communes, villages, schools).
PLACE_FIRST = (
    "An", "Bình", "Hòa", "Tân", "Phú", "Thành", "Hưng", "Đông", "Tây", "Nam", "Bắc", "Trung", "Yên", "Vĩnh",
    "Quang", "Minh", "Thanh", "Xuân", "Phúc", "Long", "Hồng", "Kim", "Đại", "Thượng", "Lạc", "Thái", "Đức",
    "Nghĩa", "Tiên", "Sơn", "Hải", "Thuận", "Mỹ", "Cẩm", "Ngọc", "Hoàng", "Đồng",
)  # fmt: skip
PLACE_SECOND = (
    "Lộc", "Phong", "Sơn", "Hà", "Lâm", "Thịnh", "Tiến", "Lợi", "Hưng", "Hòa", "Bình", "Xá", "Khê", "Trạch",
    "Giang", "Điền", "Thủy", "Phú", "Thọ", "Lạc", "Dương", "Châu", "Mỹ", "Tân", "An", "Yên", "Trường",
    "Cường", "Định", "Hải", "Lĩnh", "Đoài", "Vân", "Quý", "Kỳ", "Nguyên",
)  # fmt: skip
HOMETOWN_PLACES = (
    "Hòa Bình", "Tân Tiến", "Đông Hưng", "Quang Trung", "Xuân Phương", "Nghĩa Đô", "Thanh Lâm", "Cẩm Thủy",
    "Phú Lộc", "Yên Định", "Kim Liên", "Hải Châu", "Đức Thọ", "Vĩnh Tường",
)  # fmt: skip
# Province scale: what a district, the enterprises bloc, the military and the police hold.
DISTRICT_OFFICES = (
    "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "Phòng Tài chính - Kế hoạch", "Phòng Nội vụ",
    "Phòng Tư pháp", "Phòng Giáo dục và Đào tạo", "Phòng Y tế", "Phòng Văn hóa và Thông tin", "Phòng Kinh tế",
    "Phòng Tài nguyên và Môi trường", "Phòng Lao động - Thương binh và Xã hội", "Thanh tra", "Chi cục Thuế",
    "Kho bạc Nhà nước", "Bảo hiểm xã hội", "Tòa án nhân dân", "Viện Kiểm sát nhân dân",
    "Chi cục Thi hành án dân sự", "Ngân hàng Chính sách xã hội", "Trung tâm Văn hóa - Thể thao",
    "Ban Quản lý dự án đầu tư xây dựng", "Cơ quan Ủy ban Mặt trận Tổ quốc", "Cơ quan Huyện đoàn",
    "Hội Liên hiệp Phụ nữ", "Hội Nông dân", "Hội Cựu chiến binh",
)  # fmt: skip
DISTRICT_HEALTH_UNITS = (
    "Khối Hành chính",
    "Khoa Nội",
    "Khoa Ngoại",
    "Khoa Y tế công cộng",
    "Khối Cận lâm sàng",
)
INDUSTRIES = (
    "Xây dựng", "Vận tải", "Thương mại", "Dược phẩm", "Chế biến nông sản", "Cơ khí", "Vật liệu xây dựng",
    "May",
    "Giống cây trồng", "Khoáng sản", "Du lịch", "Thủy sản", "Xăng dầu", "Bao bì", "Chè", "Mía đường",
    "Lương thực", "Cao su", "Tư vấn xây dựng", "Phát triển nhà", "Bia", "Nước khoáng", "Gạch ngói",
    "Thức ăn chăn nuôi", "Điện cơ",
)  # fmt: skip
COMPANY_UNITS = (
    "Văn phòng", "Phòng Kỹ thuật", "Phòng Kinh doanh", "Phòng Tài chính - Kế toán", "Phân xưởng số 1",
    "Phân xưởng số 2", "Xí nghiệp số 1", "Xí nghiệp số 2", "Nhà máy", "Đội Xây lắp",
)  # fmt: skip
MILITARY_HQ_UNITS = ("Phòng Tham mưu", "Phòng Chính trị", "Phòng Hậu cần", "Phòng Kỹ thuật", "Văn phòng")
MILITARY_DISTRICT_UNITS = ("Cơ quan Quân sự", "Trung đội Dân quân cơ động", "Kho vũ khí")
POLICE_DEPARTMENTS = (
    "An ninh chính trị nội bộ", "An ninh kinh tế", "Cảnh sát hình sự", "Cảnh sát kinh tế",
    "Cảnh sát điều tra tội phạm về ma túy", "Cảnh sát giao thông", "Cảnh sát cơ động",
    "Cảnh sát quản lý hành chính về trật tự xã hội", "Hồ sơ nghiệp vụ", "Tham mưu", "Tổ chức cán bộ",
    "Hậu cần",
    "Kỹ thuật nghiệp vụ", "Cảnh sát thi hành án hình sự", "An ninh mạng", "Xuất nhập cảnh", "Pháp chế",
    "Công tác đảng và công tác chính trị", "Cảnh sát điều tra tội phạm về tham nhũng", "Cảnh sát môi trường",
)  # fmt: skip
POLICE_DISTRICT_UNITS = (
    "Đội Cảnh sát giao thông",
    "Đội Điều tra tổng hợp",
    "Đội An ninh",
    "Đội Tham mưu - Tổng hợp",
)
OTHER_PROVINCE_ID_CODES = ("001", "022", "025", "030", "034", "036", "037", "038", "040", "042", "017", "019")
PHONE_PREFIXES = (
    "032", "033", "034", "035", "036", "037", "038", "039", "056", "058", "059", "070", "076", "077", "078",
    "079", "081", "082", "083", "084", "085", "086", "088", "089", "090", "091", "093", "094", "096", "097",
    "098",
)  # fmt: skip


# ---------------------------------------------------------------------------------------------------
# The plan: organizations, member skeletons and history operations, decided without the database.


@dataclass
class OrgPlan:
    code: str
    name: str
    kind: str
    sector: str
    parent: str | None
    established_on: dt.date
    short_name: str = ""
    decision_number: str = ""
    decision_date: dt.date | None = None
    members: int = 0  # members created directly in it
    profile: str = "staff"  # age profile of its members: staff, community, armed
    admitted_from: dt.date = FIRST_ADMISSION
    admitted_before: dt.date | None = None  # exclusive: the day it is merged, split or dissolved
    by_split: bool = False  # established by split_organization (its members come after the history)
    unit: str = ""  # the unit the members work in (for occupations)
    place: str = ""  # the commune the members live in (community profile)


@dataclass(slots=True)
class MemberPlan:
    org: str
    gender: str
    birth_date: dt.date
    admission_date: dt.date
    official_date: dt.date | None
    status: str


@dataclass
class Op:
    """One history step, carried out in date order by a service."""

    on: dt.date
    kind: str  # rename, move, merge, split, transfer, dissolve
    org: str = ""
    other: str = ""  # new parent (move), absorbing organization (merge), destination (transfer)
    name: str = ""
    short_name: str = ""
    member: int = -1  # index into Plan.members (transfer)
    parts: list[tuple[str, str, list[int]]] = field(default_factory=list)  # split: (code, name, members)
    decision_number: str = ""
    decision_date: dt.date | None = None
    note: str = ""


@dataclass
class Plan:
    seed: int
    scale: str
    orgs: list[OrgPlan]
    members: list[MemberPlan]
    ops: list[Op]
    root: str
    secretary_org: str  # the base committee of the demo secretary
    clerk_org: str  # the cell of the demo clerk and member
    phase_b: int  # members[phase_b:] belong to organizations established by a split


def _add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 1 March, so that full months are counted."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def _random_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A day in [start, end]."""
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


# Age on END of the members still active, by profile: (low, high, mode).
AGE_PROFILES = {"staff": (23, 61, 40), "community": (24, 92, 55), "armed": (21, 52, 32)}


# Generated grassroots organizations: (kind, sector, unit, [(cell unit, members)], age profile, place).
GrassrootsSpecs = list[tuple[str, str, str, list[tuple[str, int]], str, str]]


class _Planner:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.orgs: list[OrgPlan] = []
        self.by_code: dict[str, OrgPlan] = {}
        self.members: list[MemberPlan] = []
        self.ops: list[Op] = []
        self.cell_codes: dict[tuple[str, str], str] = {}  # (grassroots code, unit) -> cell code
        self.cell_counter: dict[str, int] = {}
        self.decisions = itertools.count(random.Random(f"{seed}/decisions").randint(120, 380))

    def rng(self, name: str) -> random.Random:
        """An independent stream per part of the plan, so one part does not shift another."""
        return random.Random(f"{self.seed}/{name}")

    def decision(self, on: dt.date, rng: random.Random, issuer: str = "ĐUK") -> tuple[str, dt.date]:
        return f"{next(self.decisions)}-QĐ/{issuer}", on - dt.timedelta(days=rng.randint(3, 25))

    def add(self, org: OrgPlan) -> OrgPlan:
        self.orgs.append(org)
        self.by_code[org.code] = org
        return org

    def next_cell_code(self, grassroots: str) -> str:
        self.cell_counter[grassroots] = self.cell_counter.get(grassroots, 0) + 1
        return f"{grassroots}.C{self.cell_counter[grassroots]:02d}"

    # -- members ------------------------------------------------------------------------------------

    def member_dates(
        self, rng: random.Random, org: OrgPlan, *, exited: bool = False, veteran: bool = False
    ) -> tuple[dt.date, dt.date]:
        """Birth and admission dates: admitted at 18–45, within the organization's bounds."""
        low, high, mode = (66, 92, 76) if exited else AGE_PROFILES[org.profile]
        first = max(org.admitted_from, FIRST_ADMISSION)
        last = min(org.admitted_before - dt.timedelta(days=1) if org.admitted_before else END, END)
        if veteran:
            last = min(last, dt.date(2020, 12, 31))
        if last < first:
            last = first
        for _ in range(40):
            age = rng.triangular(low, high, mode)
            birth = END - dt.timedelta(days=int(age * 365.25))
            admission_age = int(rng.triangular(18, 45, 25 if org.profile != "community" else 30))
            admission = _random_day(
                rng, _add_years(birth, admission_age), _add_years(birth, admission_age + 1)
            )
            if first <= admission <= last:
                return birth, admission
        # The bounds are narrow (a recent organization): admit inside them, born 20–40 years before.
        admission = _random_day(rng, first, last)
        birth = _random_day(rng, _add_years(admission, -40), _add_years(admission, -20))
        return birth, admission

    def plan_members(self, org: OrgPlan, rng: random.Random, *, exited_share: float = 0.05) -> None:
        female = FEMALE_SHARE.get(org.sector, 0.45) if org.profile != "community" else 0.4
        stable = org.admitted_before is None and org.admitted_from <= FIRST_ADMISSION
        for number in range(org.members):
            gender = Gender.FEMALE if rng.random() < female else Gender.MALE
            exited = stable and number >= 3 and rng.random() < exited_share
            birth, admission = self.member_dates(rng, org, exited=exited, veteran=number < 3)
            official: dt.date | None = _add_years(admission, 1)
            if exited:
                status = rng.choices(
                    (Status.TRANSFERRED_OUT, Status.DECEASED, Status.LEFT, Status.REMOVED, Status.EXPELLED),
                    (55, 30, 5, 6, 4),
                )[0]
            elif admission >= PROBATION_FROM:
                status, official = Status.PROBATIONARY, None
            else:
                age = END.year - birth.year
                exempt = 0.3 if org.profile == "community" and age >= 70 else 0.004
                status = Status.EXEMPTED if number >= 3 and rng.random() < exempt else Status.FULL
            self.members.append(MemberPlan(org.code, gender, birth, admission, official, status))

    @staticmethod
    def scale_sizes(orgs: list[OrgPlan], target: int) -> None:
        """Scale the planned member counts of `orgs` so that they add up to about `target`."""
        orgs = [o for o in orgs if o.members]
        factor = target / sum(o.members for o in orgs)
        for org in orgs:
            size = max(5, round(org.members * factor))
            org.members = min(size, 29) if org.kind == Kind.BASE_CELL else size  # RULES R34

    # -- the bloc -----------------------------------------------------------------------------------

    def plan_bloc(self, parent: str | None) -> None:
        """The bloc committee, its grassroots organizations and cells, their members and history."""
        rng = self.rng("bloc")
        bloc = self.add(
            OrgPlan(
                "DBK",
                "Đảng bộ Khối các cơ quan tỉnh",
                Kind.BLOC,
                AG,
                parent,
                dt.date(1962, 2, 10),
                short_name="Khối các cơ quan tỉnh",
            )
        )
        for code, kind, sector, unit, units in BLOC_CATALOGUE:
            unit = _fill(unit)
            founded = BLOC_FOUNDED.get(code) or _random_day(rng, dt.date(1962, 3, 1), dt.date(1974, 6, 30))
            prefix = "Đảng bộ" if kind == BC else "Chi bộ"
            grassroots = self.add(
                OrgPlan(
                    f"DBK.{code}",
                    f"{prefix} {unit}",
                    kind,
                    sector,
                    bloc.code,
                    founded,
                    short_name=unit,
                    admitted_from=founded,
                    unit=unit,
                )
            )
            if founded > FIRST_ADMISSION:
                grassroots.decision_number, grassroots.decision_date = self.decision(founded, rng)
            if kind == CB:
                grassroots.members = round(rng.triangular(8, 26, 14))
                continue
            self.plan_cells(grassroots, units, rng)
        self.plan_bloc_history(rng)
        self.scale_sizes([o for o in self.orgs if o.code.startswith("DBK")], BLOC_MEMBERS)
        for org in self.orgs:
            if org.code.startswith("DBK") and org.members and not org.by_split:
                self.plan_members(org, self.rng(f"members/{org.code}"))

    def plan_cells(self, grassroots: OrgPlan, units: tuple[str, ...], rng: random.Random) -> None:
        large = grassroots.sector == PS  # hospitals and schools: bigger cells
        required = [u for u in units if u.startswith("!")]
        optional = [u for u in units if not u.startswith("!")]
        partials = [u for u in optional if "=" in u]
        plain = [u for u in optional if "=" not in u]
        wanted = round(rng.triangular(4, 8, 8)) - len(required)
        if partials:
            wanted = max(2, wanted - 4)  # the partial committees hold the rest of the cells
        chosen = set(rng.sample(plain, min(len(plain), max(0, wanted))))
        partials_made = 0
        for entry in units:
            unit = entry.lstrip("!")
            if "=" in unit:
                name, cells = unit.split("=", 1)
                name = _fill(name)
                partials_made += 1
                partial = self.add(
                    OrgPlan(
                        f"{grassroots.code}.BP{partials_made}",
                        f"Đảng bộ bộ phận {name}",
                        Kind.PARTIAL_COMMITTEE,
                        grassroots.sector,
                        grassroots.code,
                        grassroots.established_on,
                    )
                )
                for cell in cells.split(";"):
                    self.add_cell(grassroots, partial, _fill(cell.strip()), rng, large)
            elif entry.startswith("!") or entry in chosen:
                self.add_cell(grassroots, grassroots, _fill(unit), rng, large)

    def add_cell(
        self, grassroots: OrgPlan, parent: OrgPlan, unit: str, rng: random.Random, large: bool = False
    ) -> OrgPlan:
        unit = unit.lstrip("!")
        cell = self.add(
            OrgPlan(
                self.next_cell_code(grassroots.code),
                f"Chi bộ {unit}",
                Kind.CELL,
                grassroots.sector,
                parent.code,
                _random_day(rng, parent.established_on, max(parent.established_on, dt.date(1974, 12, 31))),
                members=round(rng.triangular(8, 40, 16) if large else rng.triangular(5, 30, 13)),
                unit=f"{unit}, {grassroots.unit}",
                profile="armed" if grassroots.sector == AF else "staff",
            )
        )
        self.cell_codes[(grassroots.code.split(".")[-1], unit)] = cell.code
        return cell

    def plan_bloc_history(self, rng: random.Random) -> None:
        """2013–2025: new units, equitizations, the 2017 project boards, the 2018 CDC, a split, 2025."""
        cell, org = self.cell_codes, self.by_code
        # Units founded during the history: staffed by transfers from their siblings, then admissions.
        new_units = [
            ("VPUB", "Trung tâm Phục vụ hành chính công tỉnh", dt.date(2019, 10, 1)),
            ("STTTT", "Trung tâm Giám sát, điều hành đô thị thông minh", dt.date(2020, 6, 15)),
            ("SXD", "Trung tâm Quy hoạch xây dựng", dt.date(2015, 3, 1)),
        ]
        for code in ("QDTPT", "BQLDA"):
            org[f"DBK.{code}"].members = round(rng.triangular(3, 8, 5))
        for grassroots, unit, founded in new_units:
            new = self.add_cell(org[f"DBK.{grassroots}"], org[f"DBK.{grassroots}"], unit, rng)
            new.established_on = new.admitted_from = founded
            new.decision_number, new.decision_date = self.decision(founded, rng)
            new.members = round(rng.triangular(2, 6, 3))
            self.ops.append(Op(founded, "staff", org=new.code, other=grassroots, note=unit))
        self.ops.append(Op(dt.date(2014, 5, 1), "staff", org="DBK.QDTPT", other="STC"))
        # 2016–2017: state companies become joint-stock companies.
        for code, year in (("CAPNUOC", 2016), ("MTDT", 2017)):
            company = org[f"DBK.{code}"]
            renamed = company.short_name.replace("TNHH Một thành viên", "Cổ phần")
            on = dt.date(year, 7, 1)
            self.ops.append(
                Op(
                    on,
                    "rename",
                    org=company.code,
                    name=f"Đảng bộ {renamed}",
                    short_name=renamed,
                    note="Cổ phần hóa doanh nghiệp",
                )
            )
        # 2017: the project boards are consolidated into one; the old ones are dissolved.
        for code in ("BQLDAGT", "BQLDADD"):
            org[f"DBK.{code}"].admitted_before = dt.date(2017, 7, 1)
            self.ops.append(Op(dt.date(2017, 7, 1), "dissolve", org=f"DBK.{code}", other="DBK.BQLDA"))
        # 2018: the HIV/AIDS centre merges into the preventive-medicine centre, which becomes the CDC.
        hiv, cdc = (
            cell[("SYT", "Trung tâm Phòng, chống HIV/AIDS tỉnh")],
            cell[("SYT", "Trung tâm Y tế dự phòng tỉnh")],
        )
        org[hiv].admitted_before = dt.date(2018, 1, 1)
        self.ops.append(Op(dt.date(2018, 1, 1), "merge", org=hiv, other=cdc))
        self.ops.append(
            Op(dt.date(2018, 1, 1), "rename", org=cdc, name="Chi bộ Trung tâm Kiểm soát bệnh tật tỉnh")
        )
        # 2019: the internal medicine department of the general hospital is split in two.
        internal = cell[("BVDK", "Khoa Nội")]
        split_on = dt.date(2019, 7, 1)
        org[internal].admitted_before = split_on
        parts: list[tuple[str, str, list[int]]] = []
        for unit in ("Khoa Nội tổng hợp", "Khoa Hồi sức tích cực - Chống độc"):
            part = self.add(
                OrgPlan(
                    self.next_cell_code("DBK.BVDK"),
                    f"Chi bộ {unit}",
                    Kind.CELL,
                    PS,
                    org[internal].parent,
                    split_on,
                    members=round(rng.triangular(2, 6, 3)),
                    admitted_from=split_on,
                    by_split=True,
                    unit=f"{unit}, Bệnh viện Đa khoa tỉnh",
                )
            )
            parts.append((part.code, part.name, []))
        self.ops.append(Op(split_on, "split", org=internal, parts=parts))
        # 2020: the investment-promotion centre moves from Industry and Trade to Planning and Investment.
        promotion = cell[("SCT", "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch")]
        self.ops.append(Op(dt.date(2020, 1, 1), "move", org=promotion, other="DBK.SKHDT"))
        # 2025: departments merge (Decisions of 3/2025) and some bodies are renamed.
        reform = dt.date(2025, 3, 1)
        for source, into in (
            ("SKHDT", "STC"),
            ("SGTVT", "SXD"),
            ("SLDTBXH", "SNV"),
            ("STNMT", "SNN"),
            ("STTTT", "SKHCN"),
        ):
            self.ops.append(Op(reform, "merge", org=f"DBK.{source}", other=f"DBK.{into}"))
        for code, unit in (
            ("SNN", "Sở Nông nghiệp và Môi trường"),
            ("BDT", "Sở Dân tộc và Tôn giáo"),
            ("CTHUE", f"Thuế tỉnh {PROVINCE}"),
            ("CTK", "Chi cục Thống kê tỉnh"),
        ):
            prefix = "Đảng bộ" if org[f"DBK.{code}"].kind == BC else "Chi bộ"
            self.ops.append(Op(reform, "rename", org=f"DBK.{code}", name=f"{prefix} {unit}", short_name=unit))
        for op in self.ops:
            if op.kind in {"rename", "move", "merge", "split", "dissolve"}:
                op.decision_number, op.decision_date = self.decision(op.on, rng)

    # -- the province (benchmark scale) -------------------------------------------------------------

    def plan_province(self) -> None:
        root = self.add(
            OrgPlan(
                "DBT",
                f"Đảng bộ tỉnh {PROVINCE}",
                Kind.BLOC,
                OT,
                None,
                dt.date(1947, 2, 3),
                short_name=PROVINCE,
            )
        )
        self.plan_bloc(root.code)
        uppers = [
            ("DBDN", "Đảng bộ Khối Doanh nghiệp tỉnh", EN, self.enterprise_grassroots),
            ("DBQS", "Đảng bộ Quân sự tỉnh", AF, self.military_grassroots),
            ("DBCA", "Đảng bộ Công an tỉnh", AF, self.police_grassroots),
        ]
        districts = [f"thành phố {CAPITAL}", "thị xã Bắc Sơn", "thị xã Nam Thành"] + [
            f"huyện {name}" for name in COMMUNES[:13]
        ]
        for number, name in enumerate(districts, start=1):
            uppers.append((f"H{number:02d}", f"Đảng bộ {name}", AG, self.district_grassroots))
        first = len(self.orgs)
        subs = {}
        for code, name, sector, grassroots in uppers:
            sub = subs[code] = random.Random(f"{self.seed}/upper/{code}")
            upper = self.add(
                OrgPlan(
                    code,
                    name,
                    Kind.BLOC,
                    sector,
                    root.code,
                    _random_day(sub, dt.date(1948, 1, 1), dt.date(1960, 12, 31)),
                )
            )
            for number, (kind, sector_, unit, cells, profile, place) in enumerate(
                grassroots(sub, name), start=1
            ):
                gcode = f"{code}.{number:03d}"
                founded = _random_day(
                    sub, max(upper.established_on, dt.date(1961, 1, 1)), dt.date(1974, 6, 30)
                )
                prefix = "Đảng bộ" if kind == BC else "Chi bộ"
                gr = self.add(
                    OrgPlan(
                        gcode,
                        f"{prefix} {unit}",
                        kind,
                        sector_,
                        code,
                        founded,
                        short_name=unit,
                        profile=profile,
                        unit=unit,
                        place=place,
                    )
                )
                if kind == CB:
                    gr.members = round(sub.triangular(8, 28, 16))
                for cell_unit, size in cells:
                    self.add(
                        OrgPlan(
                            self.next_cell_code(gcode),
                            f"Chi bộ {cell_unit}",
                            Kind.CELL,
                            sector_,
                            gcode,
                            _random_day(sub, founded, dt.date(1974, 12, 31)),
                            members=size,
                            profile=profile,
                            unit=f"{cell_unit}, {unit}",
                            place=place,
                        )
                    )
        others = self.orgs[first:]
        self.scale_sizes(others, PROVINCE_MEMBERS - len(self.members))
        for org in others:
            if org.members:
                self.plan_members(org, subs[org.code.split(".")[0]], exited_share=0.03)

    def district_grassroots(self, rng: random.Random, name: str) -> GrassrootsSpecs:
        """Communes and wards with village cells, and the district's offices, schools and services."""
        out: GrassrootsSpecs = []
        urban = not name.startswith("Đảng bộ huyện")
        places = _place_names(rng, 30)
        for place in places:
            kind_word = "phường" if urban and rng.random() < 0.7 else "xã"
            village = "Khu phố" if kind_word == "phường" else "Thôn"
            count = rng.randint(6, 13)
            villages = (
                [str(n) for n in range(1, count + 1)] if rng.random() < 0.5 else _place_names(rng, count)
            )
            cells = [(f"{village} {v}", round(rng.triangular(10, 45, 22))) for v in villages]
            cells += [
                (f"Trường Tiểu học {place}", round(rng.triangular(5, 15, 8))),
                (f"Trường Trung học cơ sở {place}", round(rng.triangular(5, 15, 8))),
                ("Quân sự", round(rng.triangular(3, 8, 5))),
                ("Công an", round(rng.triangular(4, 12, 6))),
            ]
            out.append((BC, AG, f"{kind_word} {place}", cells, "community", place))
        district = name.removeprefix("Đảng bộ ")
        for office in DISTRICT_OFFICES:
            sector = OT if "Hội" in office or "Mặt trận" in office else AG
            out.append((CB, sector, f"{office} {district}", [], "staff", ""))
        health = [(u, round(rng.triangular(6, 20, 10))) for u in DISTRICT_HEALTH_UNITS]
        out.append((BC, PS, f"Trung tâm Y tế {district}", health, "staff", ""))
        schools = _place_names(rng, 44)
        for number, place in enumerate(schools):
            level = ("Trường Trung học phổ thông", "Trường Trung học cơ sở", "Trường Mầm non")[number % 3]
            out.append((CB, PS, f"{level} {place}", [], "staff", ""))
        return out

    def enterprise_grassroots(self, rng: random.Random, name: str) -> GrassrootsSpecs:
        out: GrassrootsSpecs = []
        names = [(i, p) for i in INDUSTRIES for p in (PROVINCE, CAPITAL, *COMMUNES)]
        for industry, place in rng.sample(names, 100):
            form = rng.choice(
                ("Công ty Cổ phần", "Công ty Cổ phần", "Công ty TNHH", "Công ty TNHH Một thành viên")
            )
            if rng.random() < 0.3:
                cells = [
                    (u, round(rng.triangular(6, 30, 12)))
                    for u in rng.sample(COMPANY_UNITS, rng.randint(3, 8))
                ]
                out.append((BC, EN, f"{form} {industry} {place}", cells, "staff", ""))
            else:
                out.append((CB, EN, f"{form} {industry} {place}", [], "staff", ""))
        return out

    def military_grassroots(self, rng: random.Random, name: str) -> GrassrootsSpecs:
        headquarters = [(u, round(rng.triangular(8, 30, 15))) for u in MILITARY_HQ_UNITS]
        out: GrassrootsSpecs = [(BC, AF, "Cơ quan Bộ Chỉ huy Quân sự tỉnh", headquarters, "armed", "")]
        for regiment in ("Trung đoàn 812", "Trung đoàn 814"):
            cells = [(f"Tiểu đoàn {n}", round(rng.triangular(10, 35, 20))) for n in (1, 2, 3)]
            cells += [(f"Đại đội {n}", round(rng.triangular(8, 20, 12))) for n in (16, 17, 18, 20, 24)]
            out.append((BC, AF, regiment, cells, "armed", ""))
        for district in (CAPITAL, "Bắc Sơn", "Nam Thành", *COMMUNES[:13]):
            cells = [(u, round(rng.triangular(5, 15, 8))) for u in MILITARY_DISTRICT_UNITS]
            out.append((BC, AF, f"Ban Chỉ huy Quân sự {district}", cells, "armed", ""))
        units = [f"Đại đội {n}" for n in range(1, 40)] + [f"Kho K{n}" for n in range(1, 15)]
        units += [f"Trạm {s}" for s in ("Ra đa 1", "Ra đa 2", "Thông tin", "Quân y", "Sửa chữa", "Xăng dầu")]
        units += ["Trường Quân sự tỉnh", "Đội K72", "Trung tâm Huấn luyện dự bị động viên", "Bệnh xá Quân y"]
        units += [f"Tiểu đoàn {n}" for n in range(10, 25)]
        for unit in units[: 100 - len(out)]:
            out.append((CB, AF, unit, [], "armed", ""))
        return out

    def police_grassroots(self, rng: random.Random, name: str) -> GrassrootsSpecs:
        out: GrassrootsSpecs = []
        for department in POLICE_DEPARTMENTS:
            cells = [(f"Đội {n}", round(rng.triangular(6, 18, 10))) for n in range(1, rng.randint(4, 7))]
            out.append((BC, AF, f"Phòng {department}", cells, "armed", ""))
        for district in (CAPITAL, "Bắc Sơn", "Nam Thành", *COMMUNES[:13]):
            cells = [(u, round(rng.triangular(6, 20, 10))) for u in POLICE_DISTRICT_UNITS]
            out.append((BC, AF, f"Công an {district}", cells, "armed", ""))
        for place in _place_names(rng, 100 - len(out)):
            out.append((CB, AF, f"Công an xã {place}", [], "armed", ""))
        return out

    # -- transfers ----------------------------------------------------------------------------------

    def simulate(self, transfers_per_year: int) -> None:
        """Order the history, add transfers, and track who is where, so every service call is valid."""
        rng = self.rng("history")
        alive_from = {o.code: o.established_on for o in self.orgs}
        ends: dict[str, dt.date] = {}
        for op in self.ops:
            if op.kind in {"merge", "split", "dissolve"}:
                ends[op.org] = op.on
        holders = [
            o.code for o in self.orgs if o.kind in {Kind.CELL, Kind.BASE_CELL} and o.code.startswith("DBK")
        ]
        stable_holders = [c for c in holders if c not in ends]
        where: list[str] = [m.org for m in self.members]
        since: list[dt.date] = [m.admission_date for m in self.members]
        movable = [m.status in {Status.FULL, Status.EXEMPTED, Status.PROBATIONARY} for m in self.members]
        inside: dict[str, set[int]] = {}
        for index, code in enumerate(where):
            inside.setdefault(code, set()).add(index)
        candidates = [i for i, m in enumerate(self.members) if movable[i] and m.org.startswith("DBK")]

        # Random individual transfers, checked against the state on their date below.
        for _ in range(transfers_per_year * (END.year - HISTORY_START.year + 1)):
            on = _random_day(rng, HISTORY_START, END)
            self.ops.append(
                Op(on, "transfer?", member=rng.choice(candidates), other=rng.choice(stable_holders))
            )
        order = {"staff": 0, "dissolve": 0, "transfer?": 1, "merge": 2, "split": 2, "move": 3, "rename": 4}
        planned = sorted(enumerate(self.ops), key=lambda item: (item[1].on, order[item[1].kind], item[0]))
        ops: list[Op] = []

        def move(index: int, to: str, on: dt.date, note: str) -> None:
            inside[where[index]].discard(index)
            inside.setdefault(to, set()).add(index)
            where[index], since[index] = to, on
            ops.append(Op(on, "transfer", member=index, other=to, note=note))

        for _, op in planned:
            if op.kind == "transfer?":
                i, to = op.member, op.other
                if where[i] != to and since[i] < op.on and alive_from[to] < op.on and where[i] not in ends:
                    move(i, to, op.on, "Chuyển sinh hoạt đảng chính thức")
            elif op.kind == "staff":
                # A new unit takes 4–8 members from its siblings (or from another grassroots organization).
                pool = [
                    i
                    for code in holders
                    if code.startswith(f"DBK.{op.other}.") or code == f"DBK.{op.other}"
                    if code not in ends and code != op.org and alive_from[code] < op.on
                    for i in sorted(inside.get(code, ()))
                    if movable[i] and since[i] < op.on and self.members[i].status != Status.PROBATIONARY
                ]
                for i in rng.sample(pool, min(len(pool), rng.randint(4, 8))):
                    move(i, op.org, op.on, "Điều động công tác")
            elif op.kind == "dissolve":
                for i in sorted(inside.get(op.org, ())):
                    move(i, op.other, op.on, "Hợp nhất các ban quản lý dự án")
                ops.append(op)
            elif op.kind == "merge":
                for i in sorted(inside.pop(op.org, ())):
                    where[i], since[i] = op.other, op.on
                    inside.setdefault(op.other, set()).add(i)
                ops.append(op)
            elif op.kind == "split":
                members = sorted(inside.pop(op.org, ()))
                rng.shuffle(members)
                cut = len(members) * 11 // 20
                for (code, _name, part), chunk in zip(op.parts, (members[:cut], members[cut:]), strict=True):
                    part.extend(sorted(chunk))
                    inside[code] = set(chunk)
                    for i in chunk:
                        where[i], since[i] = code, op.on
                ops.append(op)
            else:
                ops.append(op)
        self.ops = ops


def _place_names(rng: random.Random, count: int) -> list[str]:
    names = [f"{a} {b}" for a in PLACE_FIRST for b in PLACE_SECOND if a != b]
    return rng.sample(names, count)


def plan(seed: int = DEFAULT_SEED, scale: str = "bloc") -> Plan:
    """Decide the whole dataset for `seed` and `scale`, without the database."""
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}")
    planner = _Planner(seed)
    if scale == "province":
        planner.plan_province()
    else:
        planner.plan_bloc(None)
    planner.simulate(transfers_per_year=12)
    # Members of the organizations a split creates join after the history, so they come last.
    later = {o.code for o in planner.orgs if o.by_split}
    phase_b = len(planner.members)
    for org in planner.orgs:
        if org.code in later:
            planner.plan_members(org, planner.rng(f"members/{org.code}"))
    return Plan(
        seed=seed,
        scale=scale,
        orgs=planner.orgs,
        members=planner.members,
        ops=planner.ops,
        root=planner.orgs[0].code,
        secretary_org="DBK.STC",
        clerk_org=planner.cell_codes[("STC", "Văn phòng")],
        phase_b=phase_b,
    )


# ---------------------------------------------------------------------------------------------------
# Member details: names, identity numbers, addresses, education. Streamed in member order.


def member_values(the_plan: Plan) -> Iterator[dict[str, Any]]:
    """The `values` of every member of the plan, in order (deterministic for the plan's seed)."""
    rng = random.Random(f"{the_plan.seed}/details")
    fake = Faker("vi_VN")
    fake.seed_instance(the_plan.seed)
    orgs = {o.code: o for o in the_plan.orgs}
    cards: set[str] = set()
    national_ids: set[str] = set()
    for member in the_plan.members:
        org = orgs[member.org]
        profile = org.profile if org.profile == "community" else org.sector
        ethnicity = _ETHNICITY(rng)
        full_name = person_name(rng, member.gender, member.birth_date.year, ethnicity)
        native = rng.random() < 0.75
        if native:
            hometown_place = rng.choice(COMMUNES)
            hometown = f"xã {hometown_place}, tỉnh {PROVINCE}"
            id_code = PROVINCE_ID_CODE
        else:
            hometown = (
                f"{rng.choice(('xã', 'phường'))} {rng.choice(HOMETOWN_PLACES)}, tỉnh {fake.province_name()}"
            )
            id_code = rng.choice(OTHER_PROVINCE_ID_CODES)
        if org.place:
            residence = f"thôn {rng.choice(COMMUNES)}, xã {org.place}, tỉnh {PROVINCE}"
        else:
            street = f"Số {rng.randint(1, 250)}, đường {fake.street_name()}"
            residence = f"{street}, phường {rng.choice(WARDS)}, tỉnh {PROVINCE}"
        alive = member.status != Status.DECEASED
        national_id = ""
        if alive or rng.random() < 0.5:
            century = 0 if member.birth_date.year < 2000 else 2
            prefix = (
                f"{id_code}{century + (member.gender == Gender.FEMALE)}{member.birth_date.year % 100:02d}"
            )
            national_id = f"{prefix}{rng.randrange(10**6):06d}"
            while national_id in national_ids:
                national_id = f"{prefix}{rng.randrange(10**6):06d}"
            national_ids.add(national_id)
        card = ""
        if member.official_date is not None:
            card = str(rng.randrange(10**7, 10**8))
            while card in cards:
                card = str(rng.randrange(10**7, 10**8))
            cards.add(card)
        retired = member.status in {Status.TRANSFERRED_OUT, Status.DECEASED} or (
            profile != "community" and END.year - member.birth_date.year > 61
        )
        title = "Nghỉ hưu" if retired else rng.choice(TITLES[profile])
        occupation = title if profile == "community" or retired else f"{title}, {org.unit}"
        theory = rng.choices(("Cao cấp", "Trung cấp", "Sơ cấp", ""), (12, 33, 45, 10))[0]
        yield {
            "full_name": full_name,
            "gender": member.gender,
            "birth_date": member.birth_date,
            "ethnicity": ethnicity,
            "religion": _RELIGION(rng),
            "hometown": hometown,
            "residence": residence,
            "national_id": national_id,
            "phone": f"{rng.choice(PHONE_PREFIXES)}{rng.randrange(10**7):07d}" if alive else "",
            "email": _email(full_name) if profile == AG and alive and rng.random() < 0.4 else "",
            "general_education": "10/10" if member.birth_date.year < 1962 else "12/12",
            "qualification": rng.choice(QUALIFICATIONS[profile]),
            "political_theory": theory,
            "occupation": occupation,
            "card_number": card,
            "admission_date": member.admission_date,
            "official_date": member.official_date,
            "status": member.status,
        }


def _email(full_name: str) -> str:
    words = vn.fold(full_name).split()
    return f"{words[-1]}{''.join(w[0] for w in words[:-1])}@{vn.fold(PROVINCE).replace(' ', '')}.gov.vn"


# ---------------------------------------------------------------------------------------------------
# Building: the plan carried out through the services.


@dataclass
class Account:
    username: str
    role: str  # Vietnamese label
    organization: str
    code: str = ""  # the organization's code: names such as "Chi bộ Văn phòng" repeat
    password: str = PASSWORD


@dataclass
class Summary:
    seed: int
    scale: str
    organizations: dict[str, int]  # kind label -> count (active)
    dissolved: int
    members: dict[str, int]  # status label -> count
    events: dict[str, int]  # tree event kind -> count
    placement_changes: int  # transfers, and members moved by merges and splits
    accounts: list[Account]
    seconds: float = 0.0
    peak_memory_mb: float = 0.0


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def build(seed: int = DEFAULT_SEED, scale: str = "bloc", progress: Progress | None = None) -> Summary:
    """Load the demo dataset into an empty database; return what was built.

    Every service call commits on its own (with synchronous_commit off for the session): one transaction
    around 150,000 members grows slower than linearly. The demo accounts come last, in one transaction,
    so their presence marks a complete load (`is_complete`). Call it inside `transaction.atomic()` for an
    all-or-nothing load (the tests do).
    """
    started = time.monotonic()

    def say(message: str) -> None:
        if progress is not None:
            progress(f"[{time.monotonic() - started:6.1f} s] {message}")

    say(f"Lập kế hoạch dữ liệu mẫu (seed {seed}, quy mô {scale})...")
    the_plan = plan(seed, scale)
    say(
        f"  {len(the_plan.orgs)} tổ chức, {len(the_plan.members)} đảng viên, {len(the_plan.ops)} bước lịch sử"
    )
    with _fast_commits():
        _establish(the_plan, say)
        values = member_values(the_plan)
        ids = array("q")
        _create_members(the_plan, values, ids, the_plan.members[: the_plan.phase_b], say)
        _apply_history(the_plan, ids, say)
        _create_members(the_plan, values, ids, the_plan.members[the_plan.phase_b :], say)
        _seed_apps(seed, scale, say)
        with transaction.atomic():
            _create_accounts(the_plan, ids)
    summary = summarize(seed, scale)
    summary.seconds = time.monotonic() - started
    summary.peak_memory_mb = peak_memory_mb()
    return summary


# Apps that add their records (assessments, admissions, events...) to the demo once the tree and the members
# exist: each has `demo.py` with `seed(*, rng: random.Random, scale: str, today: date, say: Progress)`.
SEEDING_APPS = (
    "dangbo.movements",  # first: the admissions' sponsors are chosen among the members as they end up
    "dangbo.admissions",
    "dangbo.assessments",
    "dangbo.awards",
    "dangbo.discipline",
)


def _seed_apps(seed: int, scale: str, say: Progress) -> None:
    for app in SEEDING_APPS:
        try:
            module = importlib.import_module(f"{app}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{app}.demo":
                raise
            continue
        say(f"Dữ liệu mẫu của {app}...")
        module.seed(rng=random.Random(f"{seed}-{app}"), scale=scale, today=END, say=say)


@contextlib.contextmanager
def _fast_commits() -> Iterator[None]:
    """Do not wait for the WAL flush at each commit (a crash loses at most the last commits of the load)."""
    if connection.in_atomic_block:  # the caller's transaction decides
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def is_complete() -> bool:
    """Whether a demo load finished: its accounts are created last."""
    return User.objects.filter(username__in=DEMO_USERNAMES).count() == len(DEMO_USERNAMES)


def _establish(the_plan: Plan, say: Progress) -> None:
    created: dict[str, Organization] = {}
    todo = [o for o in the_plan.orgs if not o.by_split]
    for number, org in enumerate(todo, start=1):
        created[org.code] = org_services.establish_organization(
            code=org.code,
            name=org.name,
            kind=org.kind,
            parent=created[org.parent] if org.parent else None,
            established_on=org.established_on,
            short_name=org.short_name,
            sector=org.sector,
            decision_number=org.decision_number,
            decision_date=org.decision_date,
            by=None,
        )
        if number % 1000 == 0 or number == len(todo):
            say(f"  Thành lập tổ chức: {number}/{len(todo)}")


def _create_members(
    the_plan: Plan, values: Iterator[dict[str, Any]], ids: array, members: list[MemberPlan], say: Progress
) -> None:
    if not members:
        return
    orgs = {o.code: o for o in Organization.objects.filter(kind__in=(Kind.CELL, Kind.BASE_CELL))}
    done = len(ids)
    for start in range(0, len(members), BATCH):
        chunk = members[start : start + BATCH]
        rows = [(next(values), orgs[m.org]) for m in chunk]
        created = member_services.create_members_bulk(rows=rows, by=None)
        ids.extend(m.pk for m in created)
        say(f"  Đảng viên: {len(ids) - done}/{len(members)}")


def _org(code: str) -> Organization:
    return Organization.objects.get(code=code)


def _apply_history(the_plan: Plan, ids: array, say: Progress) -> None:
    say("  Lịch sử tổ chức 2013–2025...")
    for op in the_plan.ops:
        if op.kind == "transfer":
            member = Member.objects.get(pk=ids[op.member])
            member_services.transfer_member(
                member=member, to=_org(op.other), effective_on=op.on, note=op.note, by=None
            )
        elif op.kind == "rename":
            org = _org(op.org)
            org_services.rename_organization(
                organization=org,
                name=op.name,
                short_name=op.short_name or org.short_name,
                effective_on=op.on,
                decision_number=op.decision_number,
                decision_date=op.decision_date,
                by=None,
            )
        elif op.kind == "move":
            org_services.move_organization(
                organization=_org(op.org),
                parent=_org(op.other),
                effective_on=op.on,
                decision_number=op.decision_number,
                decision_date=op.decision_date,
                by=None,
            )
        elif op.kind == "merge":
            member_services.merge_organizations(
                organization=_org(op.org),
                into=_org(op.other),
                effective_on=op.on,
                decision_number=op.decision_number,
                decision_date=op.decision_date,
                by=None,
            )
        elif op.kind == "split":
            parts = [
                member_services.SplitPart(code=code, name=name, member_ids=[ids[i] for i in members])
                for code, name, members in op.parts
            ]
            member_services.split_organization(
                organization=_org(op.org),
                parts=parts,
                effective_on=op.on,
                decision_number=op.decision_number,
                decision_date=op.decision_date,
                by=None,
            )
        elif op.kind == "dissolve":
            org_services.dissolve_organization(
                organization=_org(op.org),
                effective_on=op.on,
                note=op.note,
                decision_number=op.decision_number,
                decision_date=op.decision_date,
                by=None,
            )
        else:  # pragma: no cover - the planner only makes the kinds above
            raise ValueError(op.kind)
    say(f"  {len(the_plan.ops)} bước lịch sử đã thực hiện")


ACCOUNT_ROLES = (
    ("lanhdao", Role.LEADER, "root"),
    ("vanphong", Role.OFFICE, "root"),
    ("kiemtra", Role.INSPECTION, "root"),
    ("bithu", Role.SECRETARY, "secretary"),
    ("vanthu", Role.CLERK, "clerk"),
    ("xem", Role.VIEWER, "root"),
    ("dangvien", Role.MEMBER, "clerk"),
)


def _create_accounts(the_plan: Plan, ids: array) -> None:
    """One account per role, all with the documented demo password (hashed once)."""
    rng = random.Random(f"{the_plan.seed}/accounts")
    password = make_password(PASSWORD)
    targets = {"root": the_plan.root, "secretary": the_plan.secretary_org, "clerk": the_plan.clerk_org}
    clerk_cell = _org(the_plan.clerk_org)
    member = (
        Member.objects.filter(organization=clerk_cell, status=Status.FULL)
        .order_by("admission_date", "pk")
        .first()
    )
    admin = User(username="admin", first_name="Quản trị hệ thống", is_staff=True, is_superuser=True)
    admin.password = password
    admin.save()
    for username, role, target in ACCOUNT_ROLES:
        if role == Role.MEMBER and member is not None:
            user = User(username=username, first_name=member.full_name, member=member)
        else:
            gender = rng.choice((Gender.MALE, Gender.FEMALE))
            user = User(username=username, first_name=person_name(rng, gender, rng.randint(1968, 1990)))
        user.password = password
        user.save()
        account_services.grant_role(
            user=user, role=role, organization=_org(targets[target]), valid_from=HISTORY_START, by=None
        )


# ---------------------------------------------------------------------------------------------------
# Reading back: summary, accounts, wiping.


def demo_accounts() -> list[Account]:
    """The demo accounts found in the database, with their role and organization."""
    accounts = []
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    for username in DEMO_USERNAMES:
        user = users.get(username)
        if user is None:
            continue
        if user.is_superuser:
            accounts.append(Account(username, "Quản trị hệ thống", "Toàn hệ thống"))
            continue
        for assignment in (
            RoleAssignment.objects.filter(user=user).select_related("organization").order_by("pk")
        ):
            organization = assignment.organization
            accounts.append(
                Account(username, assignment.get_role_display(), organization.name, organization.code)
            )
    return accounts


def summarize(seed: int, scale: str) -> Summary:
    kinds = dict(
        Organization.objects.active().values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    statuses = dict(Member.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    events = dict(
        OrganizationEvent.objects.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    return Summary(
        seed=seed,
        scale=scale,
        organizations={Kind(k).label: kinds.get(k, 0) for k in Kind.values},
        dissolved=Organization.objects.filter(dissolved_on__isnull=False).count(),
        members={Status(s).label: statuses[s] for s in Status.values if s in statuses},
        events={EventKind(k).label: events.get(k, 0) for k in EventKind.values},
        placement_changes=Placement.objects.count() - Member.objects.count(),
        accounts=demo_accounts(),
    )


# The installation's settings, not data: the badge rounds (seeded by a migration, RULES R22), the calendar
# corrections and the level labels office staff keep. Replacing the demo data keeps them.
SETTINGS_MODELS = {"awards.BadgeRound", "workdays.CalendarAdjustment", "assessments.LevelLabel"}


def wipe() -> None:
    """Delete all dangbo data, users and history (TRUNCATE ... RESTART IDENTITY CASCADE), but not the
    installation's settings (SETTINGS_MODELS)."""
    tables = {HistoryContext._meta.db_table, "django_admin_log", "django_session"}
    for config in apps.get_app_configs():
        if config.name == "dangbo" or config.name.startswith("dangbo."):
            for model in config.get_models(include_auto_created=True):
                if model._meta.label in SETTINGS_MODELS:
                    continue
                if model._meta.managed and not model._meta.proxy:
                    tables.add(model._meta.db_table)
    existing = set(connection.introspection.table_names())  # a model may still await its migration
    quoted = ", ".join(connection.ops.quote_name(t) for t in sorted(tables & existing))
    with connection.cursor() as cursor:
        # Deferred foreign-key checks still pending in this transaction would make TRUNCATE fail.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
