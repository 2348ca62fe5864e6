"""Every change of the PAR index: self-assessment, evidence, submission, appraisal with a
version check, answers, final decisions, survey and computed scores, results and publication.

Each service takes an optional `now`, checks the period on the server and raises
`ParIndexError`; a refused call writes nothing (one transaction per call).
"""

import posixpath
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.db.models import Count, DecimalField, F, Q, Sum, Value, Window
from django.db.models.functions import Coalesce, Rank
from django.utils import formats, timezone
from wagtail.log_actions import log

from accounts.models import Unit, User

from . import evidence_check
from .errors import ParIndexError
from .models import (
    Area,
    Assessment,
    Band,
    Criterion,
    Evidence,
    IndexSet,
    Score,
    SubCriterion,
    UnitOfficer,
)

ZERO = Decimal("0")
HUNDRED = Decimal("100")
MAX_FILES_PER_SUB = 10
MAX_EVIDENCE_SIZE = 20 * 1024 * 1024


def _when(moment):
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def parse_points(value, sub=None):
    """Points typed by a person: "0,5" and "0.5" both work; negative, not a number, more than two
    decimals or above the sub-criterion's maximum are refused."""
    if isinstance(value, Decimal):
        number = value
    else:
        text = str(value).strip().replace(" ", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ParIndexError("not_a_number", value=str(value)[:20]) from None
    if not number.is_finite():
        raise ParIndexError("not_a_number", value=str(value)[:20])
    if number < 0:
        raise ParIndexError("negative")
    if number != number.quantize(Decimal("0.01")):
        raise ParIndexError("too_precise")
    if sub is not None and number > sub.max_points:
        raise ParIndexError(
            "above_max", sub=sub.number, value=_num(number), max=_num(sub.max_points)
        )
    return number.quantize(Decimal("0.01"))


def _num(value):
    return formats.number_format(value.normalize() if value == value.to_integral() else value)


# ------------------------------------------------------------------------------------------
# Index sets: maxima, opening assessments
# ------------------------------------------------------------------------------------------


def maxima_problems(index_set):
    """What does not add up, as sentences; empty when area = Σ criteria = Σ subs and the areas
    add up to the set's total. Three queries whatever the size of the set."""
    problems = []
    areas = list(index_set.areas.annotate(criteria_sum=Sum("criteria__max_points")))
    criteria = list(
        Criterion.objects.filter(area__index_set=index_set)
        .annotate(subs_sum=Sum("subs__max_points"))
        .order_by("area__sort_order", "sort_order")
    )
    total = sum((area.max_points for area in areas), ZERO)
    if total != index_set.max_total:
        problems.append(f"Σ {index_set.max_total.normalize()} ≠ {total.normalize()}")
    for area in areas:
        if (area.criteria_sum or ZERO) != area.max_points:
            problems.append(
                f"{area.number}: {area.max_points.normalize()} ≠ Σ {(area.criteria_sum or ZERO).normalize()}"
            )
    for criterion in criteria:
        if (criterion.subs_sum or ZERO) != criterion.max_points:
            problems.append(
                f"{criterion.number}: {criterion.max_points.normalize()} ≠ Σ {(criterion.subs_sum or ZERO).normalize()}"
            )
    return problems


def check_maxima(index_set):
    problems = maxima_problems(index_set)
    if problems:
        raise ParIndexError("maxima", detail="; ".join(problems))


def open_assessments(index_set, units=None, by=None):
    """An assessment, with an empty score per sub-criterion, for each unit of the set's level
    (or `units`). Units that already have one are left alone. Returns how many were opened."""
    check_maxima(index_set)
    if units is None:
        units = Unit.objects.current().filter(kind__in=index_set.level.kinds())
    with transaction.atomic():
        existing = set(index_set.assessments.values_list("unit_id", flat=True))
        created = Assessment.objects.bulk_create(
            [
                Assessment(index_set=index_set, unit=unit)
                for unit in units
                if unit.pk not in existing
            ]
        )
        sub_ids = list(index_set.subs.values_list("pk", flat=True))
        Score.objects.bulk_create(
            [
                Score(assessment=a, index_set=index_set, sub_id=sub_id)
                for a in created
                for sub_id in sub_ids
            ],
            batch_size=2000,
        )
    return len(created)


# ------------------------------------------------------------------------------------------
# Who may do what
# ------------------------------------------------------------------------------------------


def is_officer(person, unit_id):
    return bool(
        person
        and person.is_authenticated
        and UnitOfficer.objects.filter(unit_id=unit_id, person=person).exists()
    )


def is_assigned(person, assessment):
    return bool(
        person
        and person.is_authenticated
        and assessment.index_set.assignments.filter(
            unit_id=assessment.unit_id, appraiser=person
        ).exists()
    )


def is_organizer(person):
    return bool(person and person.is_authenticated and person.has_perm("parindex.manage_index"))


def may_view(person, assessment):
    """The unit's officers, its assigned appraisers and the organizers; nobody else, whether
    or not the results are published (the public page shows totals, never the working)."""
    return (
        is_officer(person, assessment.unit_id)
        or is_organizer(person)
        or (person.has_perm("parindex.appraise") and is_assigned(person, assessment))
    )


def may_download(person, evidence):
    """Evidence is the unit's working file: its officers, its assigned appraisers and the
    organizers may read it; anyone may once the organizers marked it public and the set's
    results are published."""
    assessment = evidence.score.assessment
    if evidence.is_public and assessment.index_set.is_published:
        return True
    return bool(person and person.is_authenticated and may_view(person, assessment))


def may_appraise(person, assessment):
    if is_organizer(person):
        return True
    return person.has_perm("parindex.appraise") and is_assigned(person, assessment)


def assessments_for_officer(person):
    return (
        Assessment.objects.filter(unit__reform_officers__person=person)
        .select_related("index_set__level", "unit")
        .order_by("-index_set__year", "unit__name")
    )


def assign_appraiser(index_set, unit, appraiser):
    from .models import AppraiserAssignment

    if appraiser.unit_id == unit.pk:
        raise ParIndexError("own_unit")
    return AppraiserAssignment.objects.get_or_create(
        index_set=index_set, unit=unit, appraiser=appraiser
    )[0]


# ------------------------------------------------------------------------------------------
# Self-assessment
# ------------------------------------------------------------------------------------------


def _check_self_window(assessment, by, now):
    index_set = assessment.index_set
    if index_set.is_published:
        raise ParIndexError("published")
    if not is_officer(by, assessment.unit_id):
        raise ParIndexError("not_officer")
    if not assessment.is_editable_by_unit:
        raise ParIndexError("read_only")
    if index_set.self_opens_at is None or now < index_set.self_opens_at:
        raise ParIndexError(
            "self_not_open", at=_when(index_set.self_opens_at) if index_set.self_opens_at else "—"
        )
    if index_set.self_closes_at is None or now >= index_set.self_closes_at:
        raise ParIndexError(
            "self_closed", at=_when(index_set.self_closes_at) if index_set.self_closes_at else "—"
        )


def _lock(assessment):
    """The assessment's row, locked until the end of the transaction (PostgreSQL)."""
    return Assessment.objects.select_for_update().select_related("index_set").get(pk=assessment.pk)


def save_self_scores(assessment, by, entries, now=None):
    """Save the unit's scores. `entries` maps a sub-criterion id to a dict with `value` (points
    typed, may be empty), `level` (index of a guidance level, may be empty) and `explanation`.
    Every entry is checked before anything is written."""
    now = now or timezone.now()
    with transaction.atomic():
        assessment = _lock(assessment)
        _check_self_window(assessment, by, now)
        scores = {
            score.sub_id: score
            for score in assessment.scores.select_related("sub")
            .annotate(files=Count("evidence"))
            .filter(sub_id__in=list(entries))
        }
        changed = []
        for sub_id, entry in entries.items():
            score = scores.get(sub_id)
            if score is None:
                continue
            sub = score.sub
            value, label = _chosen_points(sub, entry)
            explanation = (entry.get("explanation") or "").strip()[:5000]
            if sub.method != SubCriterion.Method.SELF:
                if value is not None:
                    raise ParIndexError(
                        "not_self_scored", sub=sub.number, method=sub.get_method_display()
                    )
                continue
            if value is not None and not score.files and not explanation:
                raise ParIndexError("evidence_or_explanation", sub=sub.number)
            score.self_score, score.level_label, score.explanation = value, label, explanation
            score.updated_at = now
            changed.append(score)
        Score.objects.bulk_update(
            changed, ["self_score", "level_label", "explanation", "updated_at"]
        )
        if assessment.status == Assessment.Status.NOT_STARTED:
            assessment.status = Assessment.Status.IN_PROGRESS
        assessment.updated_at, assessment.updated_by = now, by
        assessment.save(update_fields=["status", "updated_at", "updated_by"])
    return len(changed)


def _chosen_points(sub, entry):
    level = str(entry.get("level") or "").strip()
    raw = str(entry.get("value") or "").strip()
    if level:
        levels = sub.guidance_levels()
        try:
            label, points = levels[int(level)]
        except (ValueError, IndexError):
            raise ParIndexError("unknown_level") from None
        if points is None:
            raise ParIndexError("unknown_level")
        return parse_points(points, sub), label
    if raw:
        return parse_points(raw, sub), ""
    return None, ""


def attach_evidence(assessment, sub, uploaded, by, now=None):
    """Store one evidence file privately. Its size is checked before a byte is read, its
    content against its extension (a program renamed .pdf is refused)."""
    now = now or timezone.now()
    limit = getattr(settings, "PARINDEX_MAX_EVIDENCE_SIZE", MAX_EVIDENCE_SIZE)
    size = getattr(uploaded, "size", None)
    if size is not None and size > limit:
        raise ParIndexError(
            "file_too_large", size=round(size / 1_048_576, 1), limit=round(limit / 1_048_576)
        )
    if not size:
        raise ParIndexError("file_empty")
    name = posixpath.basename((uploaded.name or "").replace("\\", "/"))[-200:]
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in evidence_check.ALLOWED:
        raise ParIndexError("file_type", allowed=", ".join(sorted(evidence_check.ALLOWED)))
    if not evidence_check.content_matches(uploaded, extension):
        raise ParIndexError("file_content", extension=extension)
    with transaction.atomic():
        assessment = _lock(assessment)
        _check_self_window(assessment, by, now)
        score = assessment.scores.select_related("sub").get(sub=sub)
        if score.evidence.count() >= MAX_FILES_PER_SUB:
            raise ParIndexError("too_many_files", max=MAX_FILES_PER_SUB)
        evidence = Evidence(
            score=score, original_name=name, size=size, uploaded_by=by, uploaded_at=now
        )
        evidence.file.save(f"{score.sub_id}-{now:%Y%m%d%H%M%S}.{extension}", uploaded, save=False)
        evidence.save()
    return evidence


def delete_evidence(evidence, by, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        _check_self_window(_lock(evidence.score.assessment), by, now)
        name, storage = evidence.file.name, evidence.file.storage
        evidence.delete()
        transaction.on_commit(lambda: storage.delete(name))


def missing_scores(assessment):
    """Self-assessed sub-criteria without a score, or scored without evidence or explanation."""
    return (
        assessment.scores.filter(sub__method=SubCriterion.Method.SELF)
        .annotate(files=Count("evidence"))
        .filter(Q(self_score__isnull=True) | (Q(files=0) & Q(explanation="")))
        .count()
    )


def submit(assessment, by, approved_by_name="", now=None):
    """Submit the self-assessment; it is read-only afterwards. The head's approval of the report
    is recorded with it (who, when)."""
    now = now or timezone.now()
    with transaction.atomic():
        assessment = _lock(assessment)
        _check_self_window(assessment, by, now)
        left = missing_scores(assessment)
        if left:
            raise ParIndexError("incomplete", count=left)
        assessment.status = Assessment.Status.SUBMITTED
        assessment.submitted_at, assessment.submitted_by = now, by
        assessment.approved_by_name = (approved_by_name or "").strip()[:150]
        assessment.approved_at = now if assessment.approved_by_name else None
        assessment.updated_at, assessment.updated_by = now, by
        assessment.save()
        log(assessment, "parindex.submit", user=by)
    return assessment


def reopen(assessment, by, reason="", now=None):
    """The organizer gives a submitted assessment back to the unit (logged with the reason)."""
    now = now or timezone.now()
    with transaction.atomic():
        assessment = _lock(assessment)
        if assessment.index_set.is_published:
            raise ParIndexError("published")
        if assessment.status != Assessment.Status.SUBMITTED:
            raise ParIndexError("not_reopenable")
        assessment.status = Assessment.Status.IN_PROGRESS
        assessment.submitted_at = None
        assessment.updated_at, assessment.updated_by = now, by
        assessment.save()
        log(assessment, "parindex.reopen", user=by, data={"reason": (reason or "")[:500]})
    return assessment


# ------------------------------------------------------------------------------------------
# Appraisal, answers, final decision
# ------------------------------------------------------------------------------------------


def _bump_version(assessment, version, by, now):
    """The optimistic check: only the person who saw the current version may save."""
    updated = Assessment.objects.filter(pk=assessment.pk, version=version).update(
        version=F("version") + 1, updated_at=now, updated_by=by
    )
    if not updated:
        current = Assessment.objects.select_related("updated_by").get(pk=assessment.pk)
        who = current.updated_by.full_name if current.updated_by else "—"
        raise ParIndexError("stale", by=f"{who}, {_when(current.updated_at)}")


def appraise(assessment, by, entries, version, now=None):
    """The appraiser's scores and comments: `entries` maps a sub-criterion id to a dict with
    `value` (may be empty: keep the unit's score) and `comment`. `version` is the one the
    appraiser's page showed; if someone saved since, nothing is written."""
    now = now or timezone.now()
    with transaction.atomic():
        assessment = _lock(assessment)
        index_set = assessment.index_set
        if index_set.is_published:
            raise ParIndexError("published")
        if not may_appraise(by, assessment):
            raise ParIndexError("not_assigned")
        if assessment.status not in (Assessment.Status.SUBMITTED, Assessment.Status.APPRAISING):
            raise ParIndexError("not_submitted")
        if index_set.appraisal_closes_at and now >= index_set.appraisal_closes_at:
            raise ParIndexError("appraisal_closed", at=_when(index_set.appraisal_closes_at))
        scores = {s.sub_id: s for s in assessment.scores.select_related("sub")}
        changed = []
        for sub_id, entry in entries.items():
            score = scores.get(sub_id)
            if score is None:
                continue
            raw = str(entry.get("value") or "").strip()
            score.appraised_score = parse_points(raw, score.sub) if raw else None
            score.appraiser_comment = (entry.get("comment") or "").strip()[:5000]
            score.updated_at = now
            changed.append(score)
        _bump_version(assessment, version, by, now)
        Score.objects.bulk_update(changed, ["appraised_score", "appraiser_comment", "updated_at"])
        Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.APPRAISING)
        log(assessment, "parindex.appraise", user=by, data={"version": version + 1})
    return version + 1


def answer(assessment, by, answers, now=None):
    """The unit's answers (giải trình) to the appraisal's changes, within the window."""
    now = now or timezone.now()
    with transaction.atomic():
        assessment = _lock(assessment)
        index_set = assessment.index_set
        if not is_officer(by, assessment.unit_id):
            raise ParIndexError("not_officer")
        if index_set.is_published:
            raise ParIndexError("published")
        if not index_set.answers_open(now):
            raise ParIndexError(
                "answer_not_open",
                opens=_when(index_set.appraisal_closes_at)
                if index_set.appraisal_closes_at
                else "—",
                closes=_when(index_set.explanation_closes_at)
                if index_set.explanation_closes_at
                else "—",
            )
        scores = {s.sub_id: s for s in assessment.scores.select_related("sub")}
        changed = []
        for sub_id, text in answers.items():
            score = scores.get(sub_id)
            text = (text or "").strip()[:5000]
            if score is None or text == score.unit_answer:
                continue
            if not score.differs:
                raise ParIndexError("nothing_to_answer")
            score.unit_answer, score.updated_at = text, now
            changed.append(score)
        Score.objects.bulk_update(changed, ["unit_answer", "updated_at"])
        if changed:
            assessment.status = Assessment.Status.ANSWERED
            assessment.updated_at, assessment.updated_by = now, by
            assessment.save(update_fields=["status", "updated_at", "updated_by"])
    return len(changed)


def decide(assessment, by, entries, version, now=None):
    """The appraiser's final decision on each point (after the appraisal period); when every
    point has one, the assessment is complete."""
    now = now or timezone.now()
    with transaction.atomic():
        assessment = _lock(assessment)
        index_set = assessment.index_set
        if index_set.is_published:
            raise ParIndexError("published")
        if not may_appraise(by, assessment):
            raise ParIndexError("not_assigned")
        if index_set.appraisal_closes_at is None or now < index_set.appraisal_closes_at:
            raise ParIndexError("final_not_open")
        scores = {s.sub_id: s for s in assessment.scores.select_related("sub")}
        changed = []
        for sub_id, raw in entries.items():
            score = scores.get(sub_id)
            raw = str(raw or "").strip()
            if score is None or not raw:
                continue
            score.final_score, score.updated_at = parse_points(raw, score.sub), now
            changed.append(score)
        _bump_version(assessment, version, by, now)
        Score.objects.bulk_update(changed, ["final_score", "updated_at"])
        open_points = assessment.scores.filter(final_score__isnull=True).count()
        if not open_points:
            Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.DONE)
        log(assessment, "parindex.decide", user=by)
    return version + 1


# ------------------------------------------------------------------------------------------
# Survey and computed scores
# ------------------------------------------------------------------------------------------

SURVEY_COLUMNS = ("mã đơn vị", "stt", "điểm")


def import_survey_scores(index_set, uploaded, by, now=None):
    """Survey points per unit and sub-criterion from an .xlsx (mã đơn vị, stt, điểm). All rows
    are checked first; one bad row and nothing is written. Returns {"saved": n} or raises with
    the rows' errors in `params["rows"]`."""
    from common.spreadsheets import TableError, read_table

    now = now or timezone.now()
    if index_set.is_published:
        raise ParIndexError("published")
    try:
        table = read_table(uploaded, required=SURVEY_COLUMNS, max_rows=50_000)
    except TableError as error:
        raise ParIndexError("table", message=str(error.message)) from None
    subs = {s.number: s for s in index_set.subs.filter(method=SubCriterion.Method.SURVEY)}
    assessments = {a.unit.code: a for a in index_set.assessments.select_related("unit")}
    errors, updates = [], []
    for number, row in table.rows:
        unit_code, sub_number = row.get("mã đơn vị", ""), row.get("stt", "")
        assessment, sub = assessments.get(unit_code), subs.get(sub_number)
        if assessment is None or sub is None:
            errors.append(
                (
                    number,
                    ParIndexError("survey_row", unit=unit_code[:40], sub=sub_number[:20]).message,
                )
            )
            continue
        try:
            updates.append((assessment.pk, sub.pk, parse_points(row.get("điểm", ""), sub)))
        except ParIndexError as error:
            errors.append((number, error.message))
    if errors:
        error = ParIndexError("import_rows", count=len(errors))
        error.rows = errors
        raise error
    with transaction.atomic():
        for assessment_id, sub_id, points in updates:
            Score.objects.filter(assessment_id=assessment_id, sub_id=sub_id).update(
                self_score=points, updated_at=now
            )
        log(index_set, "parindex.survey_import", user=by, data={"rows": len(updates)})
    return {"saved": len(updates)}


def survey_scores(index_set):
    """The survey sub-criteria and, per assessment, their current points: two queries."""
    subs = list(
        index_set.subs.filter(method=SubCriterion.Method.SURVEY).order_by("sort_order", "pk")
    )
    assessments = list(index_set.assessments.select_related("unit").order_by("unit__name"))
    points = {
        (a_id, sub_id): value
        for a_id, sub_id, value in Score.objects.filter(
            assessment__index_set=index_set, sub__in=subs
        ).values_list("assessment_id", "sub_id", "self_score")
    }
    return subs, [(a, [points.get((a.pk, sub.pk)) for sub in subs]) for a in assessments]


def enter_survey_scores(index_set, by, entries, now=None):
    """Survey points typed on the screen: `entries` maps (assessment id, sub id) to the text
    typed ("" clears the point). Every entry is checked first; one bad entry and nothing is
    written; the change is logged like an import. Returns how many points changed."""
    now = now or timezone.now()
    if index_set.is_published:
        raise ParIndexError("published")
    subs = {s.pk: s for s in index_set.subs.filter(method=SubCriterion.Method.SURVEY)}
    assessment_ids = set(index_set.assessments.values_list("pk", flat=True))
    current = {
        (a_id, sub_id): value
        for a_id, sub_id, value in Score.objects.filter(
            assessment__index_set=index_set, sub__in=list(subs)
        ).values_list("assessment_id", "sub_id", "self_score")
    }
    errors, updates = {}, []
    for (assessment_id, sub_id), raw in entries.items():
        sub = subs.get(sub_id)
        if sub is None or assessment_id not in assessment_ids:
            continue
        raw = str(raw or "").strip()
        try:
            value = parse_points(raw, sub) if raw else None
        except ParIndexError as error:
            errors[(assessment_id, sub_id)] = error.message
            continue
        if value != current.get((assessment_id, sub_id)):
            updates.append((assessment_id, sub_id, value))
    if errors:
        error = ParIndexError("survey_entries", count=len(errors))
        error.fields = errors
        raise error
    with transaction.atomic():
        for assessment_id, sub_id, value in updates:
            Score.objects.filter(assessment_id=assessment_id, sub_id=sub_id).update(
                self_score=value, updated_at=now
            )
        if updates:
            log(
                index_set,
                "parindex.survey_entry",
                user=by,
                data={"points": [[a, s, str(v) if v is not None else None] for a, s, v in updates]},
            )
    return len(updates)


def compute_metrics(index_set, now=None):
    """Fill the computed sub-criteria from this system's records (courses and contests, read
    through their public modules): the value per unit, and the points its thresholds give."""
    from . import metrics

    now = now or timezone.now()
    subs = list(index_set.subs.filter(method=SubCriterion.Method.COMPUTED))
    if not subs:
        return 0
    unit_ids = list(index_set.assessments.values_list("unit_id", flat=True))
    members = dict(
        User.objects.confirmed_members(unit_ids)
        .values("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    providers = metrics.providers()
    counts = {
        code: providers[code].counts(unit_ids, index_set.year)
        for code in {sub.metric for sub in subs}
        if code in providers
    }
    changed = []
    with transaction.atomic():
        for score in Score.objects.filter(sub__in=subs).select_related("sub", "assessment"):
            unit_id = score.assessment.unit_id
            provider = providers.get(score.sub.metric)
            done = counts.get(score.sub.metric, {}).get(unit_id, 0)
            if provider is not None and not provider.share:
                value = Decimal(done).quantize(Decimal("0.01"))
            else:
                staff = members.get(unit_id, 0)
                value = (
                    (Decimal(done) * HUNDRED / staff).quantize(Decimal("0.01")) if staff else ZERO
                )
            score.computed_value = value
            score.self_score = score.sub.points_for(value)
            score.updated_at = now
            changed.append(score)
        Score.objects.bulk_update(
            changed, ["computed_value", "self_score", "updated_at"], batch_size=2000
        )
    return len(changed)


# ------------------------------------------------------------------------------------------
# Results
# ------------------------------------------------------------------------------------------

_POINTS = DecimalField(max_digits=8, decimal_places=2)


def results(index_set):
    """Each assessment's total, index, rank (ties share a rank) and band. Totals and ranks come
    from one aggregate over the score rows with a window function; the rows are picked by their
    own indexed `index_set` column, with no join or IN on the assessments, which keeps the query
    within twice a plain SUM … GROUP BY (bench/parindex_results.py)."""
    current = Coalesce(
        "final_score", "appraised_score", "self_score", Value(ZERO), output_field=_POINTS
    )
    rows = (
        Score.objects.filter(index_set=index_set)
        .values("assessment_id")
        .annotate(total=Sum(current, output_field=_POINTS))
        .annotate(rank=Window(Rank(), order_by=F("total").desc()))
        .values_list("assessment_id", "total", "rank")
    )
    bands = sorted(index_set.bands.all(), key=lambda band: band.min_index, reverse=True)
    cent = Decimal("0.01")
    factor = HUNDRED / index_set.max_total
    result = []
    for pk, total, rank in rows:
        total = Decimal(total or 0).quantize(cent)
        index = (total * factor).quantize(cent)
        band = next((b.label for b in bands if index >= b.min_index), "")
        result.append({"pk": pk, "total": total, "index": index, "rank": rank, "band": band})
    result.sort(key=lambda row: row["rank"])
    return result


def results_with_units(index_set):
    """`results` with each unit's name and code (one more query), for the preview."""
    rows = results(index_set)
    units = {
        pk: (name, code)
        for pk, name, code in index_set.assessments.values_list("pk", "unit__name", "unit__code")
    }
    for row in rows:
        row["unit__name"], row["unit__code"] = units.get(row["pk"], ("", ""))
    rows.sort(key=lambda row: (row["rank"], row["unit__name"]))
    return rows


def area_scores(index_set, assessment_ids=None):
    """{assessment id: {area id: points}} in one query."""
    qs = Score.objects.filter(index_set=index_set)
    if assessment_ids is not None:
        qs = qs.filter(assessment_id__in=assessment_ids)
    current = Coalesce(
        "final_score", "appraised_score", "self_score", Value(ZERO), output_field=_POINTS
    )
    table = {}
    for row in qs.values("assessment_id", "sub__area_id").annotate(
        points=Sum(current, output_field=_POINTS)
    ):
        table.setdefault(row["assessment_id"], {})[row["sub__area_id"]] = Decimal(
            row["points"] or 0
        )
    return table


def publish(index_set, by, now=None):
    """Freeze the totals, indexes, ranks and bands, and open the public page."""
    now = now or timezone.now()
    closes = index_set.explanation_closes_at or index_set.appraisal_closes_at
    if index_set.is_published:
        raise ParIndexError("published")
    if closes is None or now < closes:
        raise ParIndexError("publish_too_early", at=_when(closes) if closes else "—")
    with transaction.atomic():
        rows = results(index_set)
        assessments = []
        for row in rows:
            assessments.append(
                Assessment(
                    pk=row["pk"],
                    total=row["total"],
                    index_value=row["index"],
                    rank=row["rank"],
                    band=row["band"],
                    status=Assessment.Status.DONE,
                )
            )
        Assessment.objects.bulk_update(
            assessments, ["total", "index_value", "rank", "band", "status"], batch_size=1000
        )
        IndexSet.objects.filter(pk=index_set.pk).update(published_at=now)
        index_set.published_at = now
        log(index_set, "parindex.publish", user=by)
        transaction.on_commit(_after_publish(index_set.pk))
    return len(rows)


def _after_publish(index_set_id):
    def run():
        from . import public_pages, tasks

        public_pages.purge()
        tasks.render_report_task.enqueue(index_set_id)

    return run


def set_evidence_public(evidence, by, public):
    """The organizer decides which evidence the published results show (logged). The unit's
    files are working documents that may hold personal data, so they stay private unless the
    province chooses to publish one."""
    from . import public_pages

    if not is_organizer(by):
        raise ParIndexError("not_organizer")
    public = bool(public)
    if evidence.is_public == public:
        return evidence
    with transaction.atomic():
        Evidence.objects.filter(pk=evidence.pk).update(is_public=public)
        evidence.is_public = public
        log(
            evidence.score.assessment,
            "parindex.evidence_public" if public else "parindex.evidence_private",
            user=by,
            data={"evidence": evidence.pk, "file": evidence.original_name},
        )
        transaction.on_commit(public_pages.purge)
    return evidence


def send_reminders(index_set, by):
    """Email the officers of units that have not submitted, after commit, in a task."""
    from . import tasks

    pending = list(
        index_set.assessments.filter(
            status__in=(Assessment.Status.NOT_STARTED, Assessment.Status.IN_PROGRESS)
        ).values_list("pk", flat=True)
    )
    if pending:
        transaction.on_commit(lambda: tasks.remind_task.enqueue(index_set.pk, pending))
        log(index_set, "parindex.remind", user=by, data={"units": len(pending)})
    return len(pending)


def copy_previous(level, year, by=None):
    """A new set for `year` with the tree of the level's latest earlier set (no period, no
    assessments), for the organizer to adjust."""
    if IndexSet.objects.filter(level=level, year=year).exists():
        raise ParIndexError("set_exists", level=level.name, year=year)
    previous = IndexSet.objects.filter(level=level, year__lt=year).order_by("-year").first()
    if previous is None:
        raise ParIndexError("no_previous", level=level.name)
    with transaction.atomic():
        new = IndexSet.objects.create(
            year=year,
            level=level,
            title=previous.title.replace(str(previous.year), str(year)),
            max_total=previous.max_total,
        )
        for band in previous.bands.all():
            Band.objects.create(
                index_set=new,
                label=band.label,
                min_index=band.min_index,
                sort_order=band.sort_order,
            )
        _copy_tree(previous, new)
    return new


def _copy_tree(source, target):
    for area in source.areas.prefetch_related("criteria__subs"):
        new_area = Area.objects.create(
            index_set=target,
            number=area.number,
            title=area.title,
            max_points=area.max_points,
            sort_order=area.sort_order,
        )
        for criterion in area.criteria.all():
            new_criterion = Criterion.objects.create(
                area=new_area,
                number=criterion.number,
                title=criterion.title,
                max_points=criterion.max_points,
                sort_order=criterion.sort_order,
            )
            SubCriterion.objects.bulk_create(
                [
                    SubCriterion(
                        criterion=new_criterion,
                        area=new_area,
                        index_set=target,
                        number=s.number,
                        title=s.title,
                        max_points=s.max_points,
                        guidance=s.guidance,
                        evidence_expected=s.evidence_expected,
                        method=s.method,
                        metric=s.metric,
                        thresholds=s.thresholds,
                        sort_order=s.sort_order,
                    )
                    for s in criterion.subs.all()
                ]
            )
