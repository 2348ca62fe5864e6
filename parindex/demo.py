"""Demo PAR index of An Lạc province: an index set for departments and one for communes, written
for this project after the structure of provincial decisions (8 and 7 areas, 55 sub-criteria,
100 points); last year's published for every demo unit, this year's open with units in every
status; a unit reform officer and an appraiser (README's table of demo accounts)."""

import datetime as dt
import random
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import Unit, User

from . import services
from .models import (
    AppraiserAssignment,
    Area,
    Assessment,
    Band,
    Criterion,
    IndexSet,
    Level,
    Score,
    SubCriterion,
    UnitOfficer,
)
from .roles import APPRAISERS

D = Decimal
ON_TIME = [["Ban hành đúng hạn", 1], ["Ban hành chậm", 0.5], ["Không ban hành", 0]]
SHARE = [["Đạt 100%", 1], ["Từ 80% đến dưới 100%", 0.5], ["Dưới 80%", 0]]
SELF, SURVEY, COMPUTED = "self", "survey", "computed"

# (title, [(criterion title, [(sub title, points, guidance scaled to points, evidence, method,
# metric, thresholds)])]); a criterion's and an area's maxima are the sums of their parts.
DEPARTMENTS = [
    (
        "Công tác chỉ đạo, điều hành cải cách hành chính",
        [
            (
                "Kế hoạch cải cách hành chính năm",
                [
                    (
                        "Ban hành kế hoạch CCHC năm của cơ quan đúng thời hạn",
                        "1",
                        ON_TIME,
                        "Quyết định ban hành kế hoạch",
                    ),
                    (
                        "Mức độ hoàn thành các nhiệm vụ của kế hoạch CCHC",
                        "2",
                        SHARE,
                        "Báo cáo kết quả thực hiện kế hoạch",
                    ),
                ],
            ),
            (
                "Báo cáo cải cách hành chính",
                [
                    (
                        "Báo cáo định kỳ đầy đủ, đúng hạn",
                        "1",
                        ON_TIME,
                        "Các báo cáo quý, 6 tháng, năm",
                    ),
                    ("Báo cáo chuyên đề, đột xuất theo yêu cầu", "1", ON_TIME, "Văn bản báo cáo"),
                ],
            ),
            (
                "Kiểm tra cải cách hành chính",
                [
                    ("Ban hành kế hoạch kiểm tra CCHC", "0.5", ON_TIME, "Kế hoạch kiểm tra"),
                    (
                        "Tỷ lệ đơn vị trực thuộc được kiểm tra trong năm",
                        "1",
                        SHARE,
                        "Biên bản, kết luận kiểm tra",
                    ),
                    (
                        "Xử lý các vấn đề phát hiện qua kiểm tra",
                        "0.5",
                        SHARE,
                        "Văn bản chỉ đạo khắc phục",
                    ),
                ],
            ),
            (
                "Tuyên truyền cải cách hành chính",
                [
                    (
                        "Ban hành và thực hiện kế hoạch tuyên truyền CCHC",
                        "1",
                        ON_TIME,
                        "Kế hoạch, tin bài đã đăng",
                    ),
                    (
                        "Tỷ lệ công chức tham gia cuộc thi tìm hiểu CCHC của tỉnh",
                        "2",
                        None,
                        "Danh sách từ cổng thông tin",
                        COMPUTED,
                        "contest",
                        [[50, 2], [30, 1], [10, 0.5]],
                    ),
                ],
            ),
            (
                "Sáng kiến, giải pháp đổi mới",
                [
                    (
                        "Có sáng kiến, giải pháp CCHC được cấp có thẩm quyền công nhận",
                        "2",
                        [
                            ["Có sáng kiến được công nhận", 2],
                            ["Có sáng kiến đang áp dụng", 1],
                            ["Không có", 0],
                        ],
                        "Quyết định công nhận sáng kiến",
                    ),
                ],
            ),
        ],
    ),
    (
        "Cải cách thể chế",
        [
            (
                "Xây dựng văn bản quy phạm pháp luật",
                [
                    (
                        "Tham mưu ban hành VBQPPL đúng chương trình, kế hoạch",
                        "2",
                        SHARE,
                        "Danh mục văn bản đã tham mưu",
                    ),
                    ("Lấy ý kiến, thẩm định dự thảo đúng quy trình", "2", SHARE, "Hồ sơ dự thảo"),
                ],
            ),
            (
                "Rà soát, hệ thống hóa văn bản",
                [
                    ("Ban hành kế hoạch rà soát văn bản", "1", ON_TIME, "Kế hoạch rà soát"),
                    ("Xử lý kết quả rà soát", "2", SHARE, "Báo cáo kết quả rà soát"),
                ],
            ),
            (
                "Theo dõi thi hành pháp luật",
                [
                    ("Kế hoạch theo dõi thi hành pháp luật", "1", ON_TIME, "Kế hoạch"),
                    (
                        "Kiểm tra, xử lý kết quả theo dõi thi hành pháp luật",
                        "2",
                        SHARE,
                        "Báo cáo, kiến nghị xử lý",
                    ),
                ],
            ),
        ],
    ),
    (
        "Cải cách thủ tục hành chính",
        [
            (
                "Công bố, công khai thủ tục hành chính",
                [
                    (
                        "Tham mưu công bố danh mục TTHC đúng thời hạn",
                        "2",
                        ON_TIME,
                        "Quyết định công bố",
                    ),
                    (
                        "Công khai TTHC đầy đủ trên Cổng Dịch vụ công",
                        "2",
                        SHARE,
                        "Ảnh chụp trang công khai",
                    ),
                ],
            ),
            (
                "Giải quyết thủ tục hành chính",
                [
                    (
                        "Tỷ lệ hồ sơ giải quyết đúng hạn",
                        "3",
                        SHARE,
                        "Số liệu Hệ thống thông tin giải quyết TTHC",
                    ),
                    ("Thực hiện xin lỗi khi giải quyết trễ hạn", "1", SHARE, "Văn bản xin lỗi"),
                    ("Số hóa hồ sơ, kết quả giải quyết TTHC", "2", SHARE, "Số liệu số hóa"),
                ],
            ),
            (
                "Tiếp nhận, xử lý phản ánh, kiến nghị",
                [
                    (
                        "Xử lý phản ánh, kiến nghị đúng hạn",
                        "3",
                        SHARE,
                        "Sổ theo dõi, văn bản trả lời",
                    ),
                ],
            ),
            (
                "Rà soát, đơn giản hóa thủ tục hành chính",
                [
                    (
                        "Có phương án đơn giản hóa TTHC được thông qua",
                        "3",
                        [["Được thông qua", 3], ["Đã đề xuất", 1.5], ["Không có", 0]],
                        "Phương án đơn giản hóa",
                    ),
                ],
            ),
        ],
    ),
    (
        "Cải cách tổ chức bộ máy hành chính",
        [
            (
                "Sắp xếp tổ chức bộ máy",
                [
                    (
                        "Quy định chức năng, nhiệm vụ của các phòng, đơn vị",
                        "2",
                        ON_TIME,
                        "Quyết định quy định chức năng",
                    ),
                    ("Thực hiện sắp xếp tổ chức theo đề án", "2", SHARE, "Quyết định sắp xếp"),
                ],
            ),
            (
                "Quản lý biên chế",
                [
                    (
                        "Sử dụng biên chế không vượt số được giao",
                        "2",
                        [["Không vượt", 2], ["Vượt", 0]],
                        "Báo cáo biên chế",
                    ),
                    ("Thực hiện tinh giản biên chế", "1", SHARE, "Danh sách tinh giản"),
                ],
            ),
            (
                "Phân cấp, ủy quyền",
                [
                    ("Thực hiện nhiệm vụ được phân cấp", "1.5", SHARE, "Báo cáo thực hiện"),
                    (
                        "Kiểm tra việc thực hiện nhiệm vụ phân cấp",
                        "1.5",
                        SHARE,
                        "Biên bản kiểm tra",
                    ),
                ],
            ),
        ],
    ),
    (
        "Cải cách chế độ công vụ",
        [
            (
                "Vị trí việc làm",
                [
                    ("Vị trí việc làm được phê duyệt", "1.5", ON_TIME, "Quyết định phê duyệt"),
                    ("Bố trí công chức đúng vị trí việc làm", "1.5", SHARE, "Báo cáo bố trí"),
                ],
            ),
            (
                "Tuyển dụng, nâng ngạch",
                [
                    (
                        "Tuyển dụng, nâng ngạch đúng quy định",
                        "3",
                        [["Đúng quy định", 3], ["Có sai sót", 0]],
                        "Hồ sơ tuyển dụng",
                    ),
                ],
            ),
            (
                "Đào tạo, bồi dưỡng",
                [
                    ("Ban hành kế hoạch đào tạo, bồi dưỡng", "1", ON_TIME, "Kế hoạch"),
                    (
                        "Tỷ lệ công chức hoàn thành ít nhất một lớp bồi dưỡng về CCHC trong năm",
                        "3",
                        None,
                        "Danh sách từ cổng thông tin",
                        COMPUTED,
                        "training",
                        [[80, 3], [50, 2], [20, 1]],
                    ),
                    ("Bồi dưỡng kỹ năng số cho công chức", "1", SHARE, "Danh sách học viên"),
                ],
            ),
            (
                "Kỷ luật, kỷ cương hành chính",
                [
                    (
                        "Không có công chức bị kỷ luật trong năm",
                        "1.5",
                        [["Không có", 1.5], ["Có", 0]],
                        "Báo cáo",
                    ),
                    ("Kiểm tra công vụ", "1.5", SHARE, "Kế hoạch, kết luận kiểm tra"),
                ],
            ),
        ],
    ),
    (
        "Cải cách tài chính công",
        [
            (
                "Quản lý, sử dụng ngân sách",
                [
                    ("Tỷ lệ giải ngân vốn đầu tư công", "2", SHARE, "Báo cáo giải ngân"),
                    ("Công khai dự toán, quyết toán ngân sách", "2", ON_TIME, "Văn bản công khai"),
                ],
            ),
            (
                "Tự chủ tài chính",
                [
                    (
                        "Giao quyền tự chủ cho đơn vị sự nghiệp trực thuộc",
                        "2",
                        SHARE,
                        "Quyết định giao tự chủ",
                    ),
                    ("Ban hành quy chế chi tiêu nội bộ", "2", ON_TIME, "Quy chế"),
                ],
            ),
        ],
    ),
    (
        "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
        [
            (
                "Hạ tầng, nền tảng số",
                [
                    (
                        "Sử dụng hệ thống quản lý văn bản và điều hành",
                        "2",
                        SHARE,
                        "Số liệu hệ thống",
                    ),
                    ("Sử dụng chữ ký số trong văn bản điện tử", "2", SHARE, "Số liệu hệ thống"),
                ],
            ),
            (
                "Dịch vụ công trực tuyến",
                [
                    ("Tỷ lệ hồ sơ trực tuyến toàn trình", "3", SHARE, "Số liệu Cổng Dịch vụ công"),
                    ("Tỷ lệ thanh toán trực tuyến", "1.5", SHARE, "Số liệu thanh toán"),
                    ("Tái sử dụng dữ liệu đã số hóa", "1.5", SHARE, "Số liệu hệ thống"),
                ],
            ),
            (
                "An toàn thông tin",
                [
                    (
                        "Phê duyệt cấp độ an toàn hệ thống thông tin",
                        "2",
                        ON_TIME,
                        "Quyết định phê duyệt",
                    ),
                    ("Diễn tập ứng cứu sự cố", "2", ON_TIME, "Báo cáo diễn tập"),
                ],
            ),
        ],
    ),
    (
        "Tác động của cải cách hành chính",
        [
            (
                "Sự hài lòng của người dân, tổ chức (SIPAS)",
                [
                    ("Tiếp cận dịch vụ", "2.5", None, "", SURVEY),
                    ("Thủ tục hành chính", "2.5", None, "", SURVEY),
                    ("Công chức trực tiếp giải quyết", "2.5", None, "", SURVEY),
                    ("Kết quả giải quyết", "2.5", None, "", SURVEY),
                ],
            ),
            (
                "Đánh giá của công chức về công tác CCHC",
                [
                    ("Chất lượng chỉ đạo, điều hành", "3", None, "", SURVEY),
                    ("Môi trường làm việc", "3", None, "", SURVEY),
                ],
            ),
        ],
    ),
]

ONE_STOP = (
    "Bộ phận Một cửa cấp xã",
    [
        ("Cơ sở vật chất, trang thiết bị của Bộ phận Một cửa", "2", SHARE, "Biên bản kiểm tra"),
        ("Bố trí công chức tại Bộ phận Một cửa", "2", SHARE, "Quyết định phân công"),
        ("Số hóa sổ hộ tịch", "2", SHARE, "Số liệu số hóa"),
        ("Chứng thực bản sao điện tử", "2", SHARE, "Số liệu hệ thống"),
    ],
)


def communes_tree():
    """The commune set: no public-finance area; its 8 points go to the one-stop shop."""
    tree = [area for area in DEPARTMENTS if area[0] != "Cải cách tài chính công"]
    procedures = tree[2]
    tree[2] = (procedures[0], [*procedures[1], ONE_STOP])
    return tree


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
BANDS = [("Xuất sắc", 90), ("Tốt", 80), ("Khá", 65), ("Trung bình", 50), ("Yếu", 0)]


def build_tree(index_set, tree):
    order = 0
    criterion_no = 0
    for area_no, (area_title, criteria) in enumerate(tree):
        area_max = sum(D(s[1]) for _c, subs in criteria for s in subs)
        order += 1
        area = Area.objects.create(
            index_set=index_set,
            number=ROMAN[area_no],
            title=area_title,
            max_points=area_max,
            sort_order=order,
        )
        for criterion_title, subs in criteria:
            criterion_no += 1
            order += 1
            criterion = Criterion.objects.create(
                area=area,
                number=str(criterion_no),
                title=criterion_title,
                max_points=sum(D(s[1]) for s in subs),
                sort_order=order,
            )
            for sub_no, sub in enumerate(subs, start=1):
                title, points, guidance, evidence, *rest = sub
                method = rest[0] if rest else SELF
                order += 1
                top = max((p for _l, p in guidance), default=1) if guidance else 1
                scaled = [
                    [label, float(D(str(p)) * D(points) / D(str(top)))]
                    for label, p in guidance or []
                ]
                SubCriterion.objects.create(
                    criterion=criterion,
                    number=f"{criterion_no}.{sub_no}",
                    title=title,
                    max_points=D(points),
                    guidance=scaled,
                    evidence_expected=evidence,
                    method=method,
                    metric=rest[1] if len(rest) > 1 else "",
                    thresholds=rest[2] if len(rest) > 2 else [],
                    sort_order=order,
                )


def make_set(level, year, tree, period):
    index_set = IndexSet.objects.filter(level=level, year=year).first()
    if index_set is not None:
        return index_set, False
    index_set = IndexSet.objects.create(
        level=level,
        year=year,
        title=f"Bộ Chỉ số cải cách hành chính {level.name.lower()} năm {year}",
        decision=f"Quyết định số {120 + year % 100}/QĐ-UBND của UBND tỉnh An Lạc",
        **period,
    )
    for order, (label, minimum) in enumerate(BANDS):
        Band.objects.create(
            index_set=index_set, label=label, min_index=D(minimum), sort_order=order
        )
    build_tree(index_set, tree)
    return index_set, True


def _fill(assessment, rng, quality, appraise=False, final=False):
    """Scores as a unit of this `quality` (0–1) would give itself; the appraisal takes a little
    off here and there."""
    scores = list(Score.objects.filter(assessment=assessment).select_related("sub"))
    for score in scores:
        share = min(1.0, max(0.0, rng.gauss(quality, 0.15)))
        score.self_score = (score.sub.max_points * D(str(round(share * 4) / 4))).quantize(D("0.01"))
        if score.sub.method == SELF:
            score.explanation = "Đơn vị đã thực hiện; tài liệu lưu tại văn thư."
        if appraise and score.sub.method == SELF and rng.random() < 0.2:
            score.appraised_score = (score.self_score * D("0.5")).quantize(D("0.01"))
            score.appraiser_comment = "Tài liệu kiểm chứng chưa đầy đủ."
        if final:
            score.final_score = (
                score.appraised_score if score.appraised_score is not None else score.self_score
            )
    Score.objects.bulk_update(
        scores, ["self_score", "explanation", "appraised_score", "appraiser_comment", "final_score"]
    )


def _account(email, name, unit, position, staff=False):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email)
        user.set_password(settings.DEMO_PASSWORD)
    user.full_name, user.unit, user.position, user.is_staff = name, unit, position, staff
    user.staff_category = User.StaffCategory.CONG_CHUC
    user.consented_at = user.consented_at or timezone.now()
    user.unit_confirmed_at = user.unit_confirmed_at or timezone.now()
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


STATUSES = [
    Assessment.Status.NOT_STARTED,
    Assessment.Status.IN_PROGRESS,
    Assessment.Status.SUBMITTED,
    Assessment.Status.APPRAISING,
    Assessment.Status.ANSWERED,
    Assessment.Status.DONE,
]


def seed(command):
    now = timezone.now()
    this_year = timezone.localdate(now).year
    departments, _ = Level.objects.update_or_create(
        code="cap-so",
        defaults={"name": "Cấp sở", "unit_kinds": "department,committee_office", "sort_order": 1},
    )
    communes, _ = Level.objects.update_or_create(
        code="cap-xa", defaults={"name": "Cấp xã", "unit_kinds": "commune", "sort_order": 2}
    )
    past = dt.datetime(this_year - 1, 1, 1, tzinfo=dt.UTC)
    last_period = {
        "self_opens_at": past.replace(month=2),
        "self_closes_at": past.replace(month=3),
        "appraisal_closes_at": past.replace(month=4),
        "explanation_closes_at": past.replace(month=5),
    }
    this_period = {
        "self_opens_at": now - dt.timedelta(days=20),
        "self_closes_at": now + dt.timedelta(days=25),
        "appraisal_closes_at": now + dt.timedelta(days=45),
        "explanation_closes_at": now + dt.timedelta(days=55),
    }
    officer = _account(
        "canbocchc@demo.gov.vn",
        "Đặng Thị Thu Trang",
        Unit.objects.get(code="P-TRUNGTAM"),
        "Công chức Văn phòng - Thống kê, phụ trách CCHC",
    )
    appraiser = _account(
        "thamdinh@demo.gov.vn",
        "Hoàng Minh Khôi",
        Unit.objects.get(code="SNV"),
        "Chuyên viên Phòng Cải cách hành chính",
        staff=True,
    )
    appraiser.groups.add(Group.objects.get(name=APPRAISERS))
    UnitOfficer.objects.get_or_create(unit=officer.unit, person=officer)
    rng = random.Random(2025)
    for level, tree in ((departments, DEPARTMENTS), (communes, communes_tree())):
        last, created = make_set(level, this_year - 1, tree, last_period)
        if created:
            services.open_assessments(last)
            for assessment in last.assessments.all():
                _fill(assessment, rng, rng.uniform(0.55, 0.95), appraise=True, final=True)
            services.publish(last, None, now=now)
        current, created = make_set(level, this_year, tree, this_period)
        if created:
            services.open_assessments(current)
            for i, assessment in enumerate(current.assessments.order_by("unit__sort_order")):
                status = STATUSES[i % len(STATUSES)]
                if assessment.unit_id == officer.unit_id:
                    status = Assessment.Status.IN_PROGRESS
                if status != Assessment.Status.NOT_STARTED:
                    _fill(
                        assessment,
                        rng,
                        rng.uniform(0.6, 0.95),
                        appraise=status in STATUSES[3:],
                        final=status == Assessment.Status.DONE,
                    )
                assessment.status = status
                if status in STATUSES[2:]:
                    assessment.submitted_at = now - dt.timedelta(days=2)
                    assessment.approved_by_name = "Thủ trưởng đơn vị"
                    assessment.approved_at = assessment.submitted_at
                assessment.save()
            for unit in Unit.objects.filter(kind__in=level.kinds()).exclude(pk=appraiser.unit_id)[
                :6
            ]:
                AppraiserAssignment.objects.get_or_create(
                    index_set=current, unit=unit, appraiser=appraiser
                )
    command.stdout.write(
        f"  {IndexSet.objects.count()} index sets, {Assessment.objects.count()} assessments;"
        " canbocchc@ and thamdinh@demo.gov.vn"
    )
