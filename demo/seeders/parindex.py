"""Demo PAR index of An Lạc province: an index set for departments and one for communes, written
for this project after the structure of provincial decisions (8 and 7 areas, 56 sub-criteria,
100 points; three computed — training, contests and the portal's news — and six survey points);
last year's published for every demo unit, this year's open with units in every
status; a unit reform officer and an appraiser (README's table of demo accounts)."""

import datetime as dt
import random
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import Unit, User
from demo.files import read_json
from parindex import services
from parindex.models import (
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
from parindex.roles import APPRAISERS

from . import demo_password, report

D = Decimal
SELF = "self"


def index_trees():
    """The two demo trees, {"departments": [...], "communes": [...]}: areas of [title,
    criteria], criteria of [title, sub-criteria], each sub-criterion [title, points, guidance
    levels or null, evidence expected, method?, metric?, thresholds?]."""
    return read_json("parindex/index_sets.json")


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
        user.password = demo_password()
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


def seed(command=None):
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
    trees = index_trees()
    for level, tree in ((departments, trees["departments"]), (communes, trees["communes"])):
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
            # The computed points from this system's records (the portal's articles carry their
            # source unit), so the unit sees each value and the list behind it.
            services.compute_metrics(current, now=now)
            for unit in Unit.objects.filter(kind__in=level.kinds()).exclude(pk=appraiser.unit_id)[
                :6
            ]:
                AppraiserAssignment.objects.get_or_create(
                    index_set=current, unit=unit, appraiser=appraiser
                )
    report(
        command,
        f"  {IndexSet.objects.count()} index sets, {Assessment.objects.count()} assessments;"
        " canbocchc@ and thamdinh@demo.gov.vn",
    )
