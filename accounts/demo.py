"""Demo province "An Lạc" after the July 2025 reorganisation, its former districts, and the
demo accounts listed in the README."""

from datetime import date

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone

from . import roles
from .models import Unit, UnitGroup, User

REFORM_DAY = date(2025, 7, 1)

GROUPS = [
    ("co-quan-hanh-chinh", "Cơ quan hành chính", 1),
    ("don-vi-su-nghiep", "Đơn vị sự nghiệp", 2),
    ("cap-xa", "Cấp xã", 3),
]

# code, name, kind, group code, parent code, headcount
UNITS = [
    ("AL", "Tỉnh An Lạc", "province", None, None, 0),
    (
        "VP-UBND",
        "Văn phòng Ủy ban nhân dân tỉnh",
        "committee_office",
        "co-quan-hanh-chinh",
        "AL",
        86,
    ),
    (
        "VP-DBQH-HDND",
        "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
        "committee_office",
        "co-quan-hanh-chinh",
        "AL",
        42,
    ),
    ("SNV", "Sở Nội vụ", "department", "co-quan-hanh-chinh", "AL", 74),
    ("STP", "Sở Tư pháp", "department", "co-quan-hanh-chinh", "AL", 38),
    ("STC", "Sở Tài chính", "department", "co-quan-hanh-chinh", "AL", 95),
    ("SCT", "Sở Công Thương", "department", "co-quan-hanh-chinh", "AL", 61),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", "department", "co-quan-hanh-chinh", "AL", 142),
    ("SXD", "Sở Xây dựng", "department", "co-quan-hanh-chinh", "AL", 88),
    ("SKHCN", "Sở Khoa học và Công nghệ", "department", "co-quan-hanh-chinh", "AL", 47),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "department", "co-quan-hanh-chinh", "AL", 69),
    ("SYT", "Sở Y tế", "department", "co-quan-hanh-chinh", "AL", 58),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "department", "co-quan-hanh-chinh", "AL", 53),
    ("SDTTG", "Sở Dân tộc và Tôn giáo", "department", "co-quan-hanh-chinh", "AL", 24),
    ("TTT", "Thanh tra tỉnh", "department", "co-quan-hanh-chinh", "AL", 45),
    ("BQLKKT", "Ban Quản lý các khu kinh tế tỉnh", "department", "co-quan-hanh-chinh", "AL", 31),
    (
        "TTPVHCC",
        "Trung tâm Phục vụ hành chính công tỉnh",
        "public_service",
        "don-vi-su-nghiep",
        "VP-UBND",
        36,
    ),
    ("TCT", "Trường Chính trị tỉnh", "public_service", "don-vi-su-nghiep", "AL", 52),
    (
        "DPTTH",
        "Đài Phát thanh và Truyền hình tỉnh",
        "public_service",
        "don-vi-su-nghiep",
        "AL",
        118,
    ),
    ("TTCDS", "Trung tâm Chuyển đổi số tỉnh", "public_service", "don-vi-su-nghiep", "SKHCN", 27),
    ("BVDK", "Bệnh viện Đa khoa tỉnh", "public_service", "don-vi-su-nghiep", "SYT", 640),
    ("CDC", "Trung tâm Kiểm soát bệnh tật tỉnh", "public_service", "don-vi-su-nghiep", "SYT", 132),
    ("CDAL", "Trường Cao đẳng An Lạc", "public_service", "don-vi-su-nghiep", "SGDDT", 164),
    ("P-TRUNGTAM", "Ủy ban nhân dân phường Trung Tâm", "commune", "cap-xa", "AL", 48),
    ("P-HOABINH", "Ủy ban nhân dân phường Hòa Bình", "commune", "cap-xa", "AL", 41),
    ("P-BENDO", "Ủy ban nhân dân phường Bến Đò", "commune", "cap-xa", "AL", 39),
    ("P-TANLAP", "Ủy ban nhân dân phường Tân Lập", "commune", "cap-xa", "AL", 36),
    ("X-LONGPHU", "Ủy ban nhân dân xã Long Phú", "commune", "cap-xa", "AL", 33),
    ("X-VINHHUNG", "Ủy ban nhân dân xã Vĩnh Hưng", "commune", "cap-xa", "AL", 30),
    ("X-DONGHAI", "Ủy ban nhân dân xã Đông Hải", "commune", "cap-xa", "AL", 34),
    ("X-PHUOCLONG", "Ủy ban nhân dân xã Phước Long", "commune", "cap-xa", "AL", 32),
    ("X-HONGDAN", "Ủy ban nhân dân xã Hồng Dân", "commune", "cap-xa", "AL", 29),
    ("X-NINHTHANHLOI", "Ủy ban nhân dân xã Ninh Thạnh Lợi", "commune", "cap-xa", "AL", 27),
    ("X-LOCNINH", "Ủy ban nhân dân xã Lộc Ninh", "commune", "cap-xa", "AL", 28),
    ("X-TANTHANH", "Ủy ban nhân dân xã Tân Thành", "commune", "cap-xa", "AL", 31),
    ("X-GANHHAO", "Ủy ban nhân dân xã Gành Hào", "commune", "cap-xa", "AL", 35),
    ("X-ANTRACH", "Ủy ban nhân dân xã An Trạch", "commune", "cap-xa", "AL", 26),
    ("DK-HONKHOAI", "Ủy ban nhân dân đặc khu Hòn Khoai", "commune", "cap-xa", "AL", 22),
]

# District-level units abolished on 1 July 2025, and the communes that took over their area.
FORMER_DISTRICTS = [
    ("H-LONGPHU", "Ủy ban nhân dân huyện Long Phú", ["X-LONGPHU", "X-VINHHUNG", "X-TANTHANH"]),
    ("H-DONGHAI", "Ủy ban nhân dân huyện Đông Hải", ["X-DONGHAI", "X-GANHHAO", "X-ANTRACH"]),
    (
        "TP-ANLAC",
        "Ủy ban nhân dân thành phố An Lạc",
        ["P-TRUNGTAM", "P-HOABINH", "P-BENDO", "P-TANLAP"],
    ),
]

DEMO_ACCOUNTS = [
    # email, full name, unit code, position, staff flag, superuser, role
    (
        "quantri@demo.gov.vn",
        "Trần Quốc Toản",
        "SNV",
        "Chuyên viên quản trị hệ thống",
        True,
        True,
        None,
    ),
    ("bientap@demo.gov.vn", "Lê Thị Thu Hằng", "SNV", "Biên tập viên", True, False, roles.EDITORS),
    (
        "bantochuc@demo.gov.vn",
        "Phạm Văn Đức",
        "SNV",
        "Phó Trưởng phòng Cải cách hành chính",
        True,
        False,
        roles.ORGANIZERS,
    ),
    (
        "phutrach@demo.gov.vn",
        "Nguyễn Thị Ánh Tuyết",
        "P-TRUNGTAM",
        "Công chức Văn phòng - Thống kê",
        True,
        False,
        roles.COORDINATORS,
    ),
    (
        "hocvien@demo.gov.vn",
        "Võ Minh Đường",
        "P-TRUNGTAM",
        "Công chức Tư pháp - Hộ tịch",
        False,
        False,
        None,
    ),
]


# Staff who chose the coordinator's ward themselves at sign-up: their unit awaits the demo
# coordinator's confirmation (phutrach@ → Nominations of my unit → Staff awaiting confirmation).
# email, full name, unit code, position
PENDING_PEOPLE = [
    (
        "nguyenthimai@demo.gov.vn",
        "Nguyễn Thị Mai",
        "P-TRUNGTAM",
        "Công chức Văn hóa - Xã hội",
    ),
    (
        "lehoangnam@demo.gov.vn",
        "Lê Hoàng Nam",
        "P-TRUNGTAM",
        "Công chức Địa chính - Xây dựng - Đô thị và Môi trường",
    ),
]


def seed_units():
    groups = {}
    for code, name, order in GROUPS:
        groups[code], _ = UnitGroup.objects.update_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )
    units = {}
    for order, (code, name, kind, group, parent, headcount) in enumerate(UNITS):
        units[code], _ = Unit.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "group": groups.get(group),
                "parent": units.get(parent),
                "headcount": headcount,
                "valid_from": REFORM_DAY if kind == "commune" else None,
                "sort_order": order,
            },
        )
    for order, (code, name, successors) in enumerate(FORMER_DISTRICTS, start=len(UNITS)):
        district, _ = Unit.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": Unit.Kind.DISTRICT,
                "parent": units["AL"],
                "valid_to": date(2025, 6, 30),
                "sort_order": order,
            },
        )
        for successor in successors:
            units[successor].predecessors.add(district)
    return units


def seed_accounts(units):
    password = settings.DEMO_PASSWORD
    for email, name, unit, position, staff, superuser, role in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email)
            user.set_password(password)
        user.full_name = name
        user.unit = units[unit]
        user.position = position
        user.is_staff = staff
        user.is_superuser = superuser
        user.staff_category = User.StaffCategory.CONG_CHUC
        user.consented_at = user.consented_at or timezone.now()
        # The demo starts as after the organizers imported the units' staff lists.
        user.unit_confirmed_at = user.unit_confirmed_at or timezone.now()
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        if role == roles.COORDINATORS:
            user.coordinated_units.add(units[unit])
    for email, name, unit, position in PENDING_PEOPLE:
        # Created once and then left alone, so a confirmation made during a demo survives
        # seeding again.
        if User.objects.filter(email=email).exists():
            continue
        user = User(
            email=email,
            full_name=name,
            unit=units[unit],
            position=position,
            staff_category=User.StaffCategory.CONG_CHUC,
            consented_at=timezone.now(),
        )
        user.set_password(password)
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)


def seed(command):
    units = seed_units()
    seed_accounts(units)
    command.stdout.write(
        f"  {Unit.objects.count()} units, {len(DEMO_ACCOUNTS)} demo accounts, "
        f"{len(PENDING_PEOPLE)} people awaiting unit confirmation"
    )
