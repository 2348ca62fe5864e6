"""Demo courses (idempotent): one past with attendance and completions, one running now, one
upcoming and full with a waiting list, one needing approval with nominations pending, a workshop.

Dates are relative to the day of seeding, so "running now" is true on the demo day.
"""

import datetime as dt
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone

from accounts.models import Unit, UnitGroup, User

from .models import Attendance, Course, Registration, RegistrationQuestion, Session

S = Registration.Status

# email, full name, unit code, position
EXTRA_PEOPLE = [
    ("nguyenvanan@demo.gov.vn", "Nguyễn Văn An", "P-TRUNGTAM", "Công chức Tư pháp - Hộ tịch"),
    ("tranthibich@demo.gov.vn", "Trần Thị Bích", "P-TRUNGTAM", "Công chức Văn hóa - Xã hội"),
    ("lequangcuong@demo.gov.vn", "Lê Quang Cường", "P-TRUNGTAM", "Công chức Địa chính - Xây dựng"),
    ("phamthidung@demo.gov.vn", "Phạm Thị Dung", "P-HOABINH", "Công chức Văn phòng - Thống kê"),
    ("hoangvanem@demo.gov.vn", "Hoàng Văn Em", "P-HOABINH", "Công chức Tài chính - Kế toán"),
    ("vuthigiang@demo.gov.vn", "Vũ Thị Giang", "P-BENDO", "Công chức Tư pháp - Hộ tịch"),
    ("dangminhhai@demo.gov.vn", "Đặng Minh Hải", "X-LONGPHU", "Công chức Văn phòng - Thống kê"),
    ("buithihoa@demo.gov.vn", "Bùi Thị Hoa", "X-DONGHAI", "Công chức Địa chính - Nông nghiệp"),
    ("doquockhanh@demo.gov.vn", "Đỗ Quốc Khánh", "STP", "Chuyên viên Phòng Hành chính tư pháp"),
    ("ngothilan@demo.gov.vn", "Ngô Thị Lan", "STC", "Chuyên viên Văn phòng Sở"),
    ("duongvanminh@demo.gov.vn", "Dương Văn Minh", "SXD", "Chuyên viên Phòng Quản lý xây dựng"),
    ("lythingoc@demo.gov.vn", "Lý Thị Ngọc", "TTPVHCC", "Viên chức tiếp nhận hồ sơ"),
    ("trinhvanphuc@demo.gov.vn", "Trịnh Văn Phúc", "TTPVHCC", "Viên chức trả kết quả"),
    ("maithiquynh@demo.gov.vn", "Mai Thị Quỳnh", "SYT", "Chuyên viên Văn phòng Sở"),
    ("tavanson@demo.gov.vn", "Tạ Văn Sơn", "X-VINHHUNG", "Công chức Tư pháp - Hộ tịch"),
    ("hathithao@demo.gov.vn", "Hà Thị Thảo", "P-TANLAP", "Công chức Văn hóa - Xã hội"),
]


def _people(units):
    people = {}
    for email, name, unit, position in EXTRA_PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email)
            user.set_password(settings.DEMO_PASSWORD)
        user.full_name = name
        user.unit = units[unit]
        user.position = position
        user.staff_category = User.StaffCategory.CONG_CHUC
        user.consented_at = user.consented_at or timezone.now()
        user.unit_confirmed_at = user.unit_confirmed_at or timezone.now()
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        people[email] = user
    for email in ("hocvien@demo.gov.vn", "phutrach@demo.gov.vn", "bantochuc@demo.gov.vn"):
        people[email] = User.objects.get(email=email)
    return people


def _course(slug, sessions, **fields):
    course = Course.objects.filter(slug=slug).first()
    if course is None:
        course = Course(slug=slug, **fields)
        course.save()
        for date, start, end, topic, lecturer in sessions:
            Session.objects.create(
                course=course,
                date=date,
                starts_at=start,
                ends_at=end,
                topic=topic,
                lecturer=lecturer,
            )
    return course


def _register(course, person, status, at, *, source=Registration.Source.SELF, by=None, **extra):
    registration, created = Registration.objects.get_or_create(
        course=course,
        person=person,
        defaults={
            "status": status,
            "source": source,
            "created_by": by or person,
            "created_at": at,
            "queued_at": at,
            "decided_at": at if status in Registration.SEATED else None,
            **extra,
        },
    )
    return registration


def seed(command):
    today = timezone.localdate()
    now = timezone.now()
    units = {unit.code: unit for unit in Unit.objects.all()}
    if "SNV" not in units:
        command.stdout.write("  courses: demo units missing, skipped")
        return
    people = _people(units)
    learner = people["hocvien@demo.gov.vn"]
    coordinator = people["phutrach@demo.gov.vn"]
    organizer = people["bantochuc@demo.gov.vn"]
    staff = [people[email] for email, *_ in EXTRA_PEOPLE]
    venue = "Hội trường Sở Nội vụ, số 1 đường Trần Hưng Đạo, phường Trung Tâm"
    t = dt.time

    def days(n):
        return today + dt.timedelta(days=n)

    def moment(n_days, hour=8):
        return timezone.make_aware(dt.datetime.combine(days(n_days), t(hour, 0)))

    # 1. Past class, with attendance and confirmed completions.
    past = _course(
        "ky-nang-giai-quyet-tthc-moi-truong-dien-tu",
        [
            (
                days(-40),
                t(7, 30),
                t(11, 30),
                "Quy định về thực hiện thủ tục hành chính trên môi trường điện tử",
                "ThS. Nguyễn Hữu Phước",
            ),
            (
                days(-39),
                t(7, 30),
                t(11, 30),
                "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
                "ThS. Nguyễn Hữu Phước",
            ),
            (
                days(-38),
                t(13, 30),
                t(16, 30),
                "Thực hành trên Hệ thống thông tin giải quyết TTHC tỉnh; kiểm tra cuối khóa",
                "KS. Trần Minh Tâm",
            ),
        ],
        title="Lớp bồi dưỡng kỹ năng giải quyết thủ tục hành chính trên môi trường điện tử",
        kind=Course.Kind.CLASS,
        status=Course.Status.PUBLISHED,
        summary="Nâng cao kỹ năng tiếp nhận, số hóa và giải quyết hồ sơ trực tuyến cho công chức Bộ phận Một cửa.",
        description="Lớp học gồm 3 buổi, có bài kiểm tra cuối khóa. Học viên tham dự đủ 2/3 số buổi và đạt từ 5 điểm trở lên được cấp giấy chứng nhận.",
        organizing_unit=units["SNV"],
        contact="Phòng Cải cách hành chính, Sở Nội vụ – 0290 3822 001",
        venue=venue,
        registration_opens_at=moment(-60),
        registration_closes_at=moment(-42, 17),
        capacity=30,
        min_attendance_percent=66,
        pass_mark=Decimal("5"),
    )
    past_people = [learner, *staff[:9]]
    sessions = list(past.sessions.all())
    scores = [Decimal(x) for x in ("8.5", "7", "9", "6.5", "4", "7.5", "8", "5.5", "3.5", "9.5")]
    for index, person in enumerate(past_people):
        completed = scores[index] >= 5 and index != 6
        registration = _register(
            past,
            person,
            S.COMPLETED if completed else S.NOT_COMPLETED,
            moment(-55) + dt.timedelta(minutes=index),
            final_test_score=scores[index],
            completed_at=moment(-37) if completed else None,
            decided_by=organizer,
        )
        for number, session in enumerate(sessions):
            absent = index == 6 and number > 0
            status = (
                Attendance.Status.ABSENT
                if absent
                else (
                    Attendance.Status.LATE
                    if (index + number) % 7 == 0
                    else Attendance.Status.PRESENT
                )
            )
            Attendance.objects.get_or_create(
                registration=registration,
                session=session,
                defaults={
                    "status": status,
                    "method": Attendance.Method.MANUAL,
                    "recorded_by": organizer,
                    "recorded_at": session.start,
                },
            )

    # 2. Running now (yesterday, today and tomorrow).
    running = _course(
        "tap-huan-van-hanh-he-thong-giai-quyet-tthc",
        [
            (
                days(-1),
                t(7, 30),
                t(11, 30),
                "Tổng quan Hệ thống thông tin giải quyết thủ tục hành chính",
                "KS. Trần Minh Tâm",
            ),
            (
                days(0),
                t(7, 0),
                t(21, 0),
                "Tiếp nhận, luân chuyển và trả kết quả hồ sơ",
                "KS. Trần Minh Tâm",
            ),
            (
                days(1),
                t(7, 30),
                t(11, 30),
                "Báo cáo, thống kê và đánh giá chỉ số phục vụ",
                "ThS. Lê Hoàng Yến",
            ),
        ],
        title="Tập huấn vận hành Hệ thống thông tin giải quyết thủ tục hành chính tỉnh",
        kind=Course.Kind.TRAINING,
        status=Course.Status.PUBLISHED,
        summary="Hướng dẫn công chức cấp xã và các sở vận hành hệ thống sau khi sắp xếp chính quyền hai cấp.",
        organizing_unit=units["TTCDS"],
        contact="Trung tâm Chuyển đổi số tỉnh – 0290 3822 168",
        venue="Phòng họp trực tuyến tầng 3, Trung tâm Phục vụ hành chính công tỉnh",
        registration_opens_at=moment(-20),
        registration_closes_at=moment(-2, 17),
        capacity=40,
    )
    first = running.sessions.order_by("date").first()
    for index, person in enumerate([learner, *staff[3:11]]):
        registration = _register(
            running, person, S.CONFIRMED, moment(-15) + dt.timedelta(minutes=index)
        )
        if index % 4 != 3:
            Attendance.objects.get_or_create(
                registration=registration,
                session=first,
                defaults={
                    "status": Attendance.Status.PRESENT,
                    "method": Attendance.Method.QR,
                    "recorded_by": person,
                    "recorded_at": first.start,
                },
            )

    # 3. Upcoming and full, with a waiting list (the learner is second in line).
    full = _course(
        "nghiep-vu-bo-phan-mot-cua-cap-xa",
        [
            (
                days(12),
                t(7, 30),
                t(11, 30),
                "Quy chế tổ chức và hoạt động của Bộ phận Một cửa",
                "ThS. Phạm Thu Trang",
            ),
            (
                days(13),
                t(7, 30),
                t(11, 30),
                "Kỹ năng giao tiếp, ứng xử với người dân",
                "ThS. Phạm Thu Trang",
            ),
        ],
        title="Lớp bồi dưỡng nghiệp vụ Bộ phận Một cửa cấp xã",
        kind=Course.Kind.CLASS,
        status=Course.Status.PUBLISHED,
        summary="Nghiệp vụ tiếp nhận, hướng dẫn và trả kết quả cho công chức Bộ phận Một cửa xã, phường, đặc khu.",
        audience=Course.Audience.LISTED,
        organizing_unit=units["SNV"],
        contact="Phòng Cải cách hành chính, Sở Nội vụ – 0290 3822 001",
        venue=venue,
        registration_opens_at=moment(-5),
        registration_closes_at=moment(10, 17),
        capacity=8,
        pass_mark=None,
    )
    full.audience_groups.set([UnitGroup.objects.get(code="cap-xa")])
    full.save()
    if not full.questions.exists():
        RegistrationQuestion.objects.create(
            course=full,
            text="Anh/chị đang phụ trách lĩnh vực thủ tục hành chính nào?",
            max_length=300,
        )
    commune_staff = [p for p in staff if p.unit.kind == Unit.Kind.COMMUNE]
    for index, person in enumerate(commune_staff[:8]):
        _register(full, person, S.CONFIRMED, moment(-4) + dt.timedelta(minutes=index))
    _register(
        full,
        staff[8] if staff[8].unit.kind == Unit.Kind.COMMUNE else coordinator,
        S.WAITLISTED,
        moment(-3),
    )
    _register(full, learner, S.WAITLISTED, moment(-3) + dt.timedelta(minutes=5))

    # 4. Needs approval; the ward's coordinator has nominated three people.
    approval = _course(
        "quan-ly-nha-nuoc-ve-cai-cach-hanh-chinh-2026",
        [
            (
                days(25),
                t(7, 30),
                t(11, 30),
                "Chương trình tổng thể cải cách hành chính nhà nước",
                "PGS.TS. Đinh Văn Lộc",
            ),
            (
                days(26),
                t(7, 30),
                t(11, 30),
                "Đánh giá Chỉ số cải cách hành chính (PAR INDEX) và SIPAS",
                "PGS.TS. Đinh Văn Lộc",
            ),
            (days(27), t(13, 30), t(16, 30), "Kiểm tra cuối khóa", "Ban tổ chức"),
        ],
        title="Lớp bồi dưỡng kiến thức quản lý nhà nước về cải cách hành chính năm 2026",
        kind=Course.Kind.CLASS,
        status=Course.Status.PUBLISHED,
        summary="Dành cho công chức đầu mối cải cách hành chính của các sở, ngành và Ủy ban nhân dân cấp xã; đơn vị cử, Sở Nội vụ duyệt.",
        organizing_unit=units["SNV"],
        contact="Phòng Cải cách hành chính, Sở Nội vụ – 0290 3822 001",
        venue="Trường Chính trị tỉnh",
        registration_opens_at=moment(-3),
        registration_closes_at=moment(20, 17),
        capacity=25,
        requires_approval=True,
        pass_mark=Decimal("5"),
    )
    for index, person in enumerate(staff[:3]):
        _register(
            approval,
            person,
            S.PENDING,
            moment(-2) + dt.timedelta(minutes=index),
            source=Registration.Source.NOMINATION,
            by=coordinator,
        )

    # 5. A workshop, online and in person.
    workshop = _course(
        "hoi-thao-chuyen-doi-so-trong-cai-cach-tthc",
        [
            (
                days(8),
                t(8, 0),
                t(11, 30),
                "Hội thảo toàn thể",
                "Đại diện Văn phòng Ủy ban nhân dân tỉnh",
            )
        ],
        title="Hội thảo Chuyển đổi số trong cải cách thủ tục hành chính",
        kind=Course.Kind.WORKSHOP,
        status=Course.Status.PUBLISHED,
        summary="Chia sẻ kinh nghiệm cắt giảm, đơn giản hóa thủ tục và cung cấp dịch vụ công trực tuyến toàn trình.",
        organizing_unit=units["VP-UBND"],
        contact="Văn phòng Ủy ban nhân dân tỉnh – 0290 3822 500",
        venue="Hội trường Ủy ban nhân dân tỉnh",
        online_link="https://hop.anlac.gov.vn/hoi-thao-chuyen-doi-so",
        registration_opens_at=moment(-7),
        registration_closes_at=moment(7, 17),
        capacity=120,
    )
    for index, person in enumerate([*staff[9:14], learner]):
        _register(workshop, person, S.CONFIRMED, moment(-6) + dt.timedelta(minutes=index))

    command.stdout.write(
        f"  {Course.objects.count()} courses, {Registration.objects.count()} registrations "
        f"({now:%d/%m/%Y})"
    )
