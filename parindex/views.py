"""The units' screens (self-assessment, evidence, submission, answers) and the public results."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from common.errors import run_service
from common.spreadsheets import xlsx_response
from common.storage import private_file_response

from . import metrics, public_pages, report, services
from .models import Area, Assessment, Evidence, IndexSet, SubCriterion


def _assessment_for(request, pk):
    assessment = get_object_or_404(
        Assessment.objects.select_related("index_set__level", "unit"), pk=pk
    )
    if not services.may_view(request.user, assessment):
        raise PermissionDenied
    return assessment


@login_required
@never_cache
def my_assessments(request):
    assessments = list(services.assessments_for_officer(request.user))
    if len(assessments) == 1:
        return redirect("parindex:assessment", pk=assessments[0].pk)
    published = IndexSet.objects.filter(published_at__isnull=False).select_related("level")
    return render(
        request,
        "parindex/home.html",
        {"assessments": assessments, "published": published},
    )


def _area_rows(assessment):
    """Each area with the unit's running total (self and current), in one query."""
    totals = {
        row["sub__area_id"]: row
        for row in assessment.scores.values("sub__area_id").annotate(
            scored=Count("self_score"), subs=Count("pk")
        )
    }
    points = services.area_scores(assessment.index_set, [assessment.pk]).get(assessment.pk, {})
    self_points = {}
    for score in assessment.scores.values("sub__area_id", "self_score"):
        if score["self_score"] is not None:
            area_id = score["sub__area_id"]
            self_points[area_id] = self_points.get(area_id, 0) + score["self_score"]
    rows = []
    for area in assessment.index_set.areas.all():
        row = totals.get(area.pk, {})
        rows.append(
            {
                "area": area,
                "scored": row.get("scored", 0),
                "subs": row.get("subs", 0),
                "self_points": self_points.get(area.pk, 0),
                "points": points.get(area.pk, 0),
            }
        )
    return rows


@login_required
@never_cache
def assessment_view(request, pk):
    assessment = _assessment_for(request, pk)
    rows = _area_rows(assessment)
    return render(
        request,
        "parindex/assessment.html",
        {
            "assessment": assessment,
            "index_set": assessment.index_set,
            "rows": rows,
            "self_total": sum((r["self_points"] for r in rows), 0),
            "is_officer": services.is_officer(request.user, assessment.unit_id),
            "self_open": assessment.index_set.self_assessment_open(),
            "answers_open": assessment.index_set.answers_open(),
            "missing": services.missing_scores(assessment),
            "now": timezone.now(),
        },
    )


def _scores_of_area(assessment, area):
    return list(
        assessment.scores.filter(sub__area=area)
        .select_related("sub__criterion")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
        .order_by("sub__sort_order", "sub__pk")
    )


@login_required
@never_cache
def area_view(request, pk, area_pk):
    assessment = _assessment_for(request, pk)
    area = get_object_or_404(Area, pk=area_pk, index_set=assessment.index_set)
    if request.method == "POST":
        entries = {}
        for sub_id in SubCriterion.objects.filter(area=area).values_list("pk", flat=True):
            if f"value-{sub_id}" in request.POST or f"level-{sub_id}" in request.POST:
                entries[sub_id] = {
                    "value": request.POST.get(f"value-{sub_id}", ""),
                    "level": request.POST.get(f"level-{sub_id}", ""),
                    "explanation": request.POST.get(f"explanation-{sub_id}", ""),
                }
        # Files chosen next to a point go with the same "Save": they are attached first, so a
        # score whose only support is the new file is accepted. A refused file stops the save.
        if _attach_files(request, assessment, area) and run_service(
            request,
            services.save_self_scores,
            assessment,
            request.user,
            entries,
            success=_("Your scores are saved."),
        ):
            return redirect("parindex:area", pk=assessment.pk, area_pk=area.pk)
        # On a refusal nothing was saved: show the form again with what was typed.
        typed = request.POST
    else:
        typed = None
    scores = _scores_of_area(assessment, area)
    editable = (
        services.is_officer(request.user, assessment.unit_id)
        and assessment.is_editable_by_unit
        and assessment.index_set.self_assessment_open()
    )
    for score in scores:
        score.typed_value = typed.get(f"value-{score.sub_id}") if typed else None
        score.typed_explanation = typed.get(f"explanation-{score.sub_id}") if typed else None
        score.levels = list(enumerate(score.sub.guidance_levels()))
    metrics.attach_details(scores, assessment.unit_id, assessment.index_set.year)
    return render(
        request,
        "parindex/area.html",
        {
            "assessment": assessment,
            "area": area,
            "areas": assessment.index_set.areas.all(),
            "scores": scores,
            "editable": editable,
            "area_total": sum((s.self_score or 0 for s in scores), 0),
        },
        status=400 if typed else 200,
    )


def _attach_files(request, assessment, area):
    for sub in SubCriterion.objects.filter(area=area).order_by("sort_order", "pk"):
        uploaded = request.FILES.get(f"file-{sub.pk}")
        if uploaded is not None and not run_service(
            request,
            services.attach_evidence,
            assessment,
            sub,
            uploaded,
            request.user,
            success=_("The file is attached."),
        ):
            return False
    return True


@login_required
@require_POST
def upload_evidence(request, pk, sub_pk):
    assessment = _assessment_for(request, pk)
    sub = get_object_or_404(SubCriterion, pk=sub_pk, index_set=assessment.index_set)
    uploaded = request.FILES.get("file")
    if uploaded is None:
        from django.contrib import messages

        messages.error(request, _("Choose a file to upload."))
    else:
        run_service(
            request,
            services.attach_evidence,
            assessment,
            sub,
            uploaded,
            request.user,
            success=_("The file is attached."),
        )
    return redirect("parindex:area", pk=assessment.pk, area_pk=sub.area_id)


def _evidence_for(request, evidence_pk):
    evidence = get_object_or_404(
        Evidence.objects.select_related("score__assessment__index_set", "score__sub"),
        pk=evidence_pk,
    )
    if not request.user.is_authenticated or not services.may_view(
        request.user, evidence.score.assessment
    ):
        raise PermissionDenied
    return evidence


def evidence_download(request, evidence_pk):
    """Evidence for the unit, its appraisers and the organizers; a file the organizers marked
    public, once its set's results are published, for anyone (logged out included)."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("score__assessment__index_set"), pk=evidence_pk
    )
    if not services.may_download(request.user, evidence):
        raise PermissionDenied
    return private_file_response(evidence.file, filename=evidence.original_name)


@login_required
@require_POST
def evidence_delete(request, evidence_pk):
    evidence = _evidence_for(request, evidence_pk)
    assessment, area_id = evidence.score.assessment, evidence.score.sub.area_id
    run_service(
        request,
        services.delete_evidence,
        evidence,
        request.user,
        success=_("The file is removed."),
    )
    return redirect("parindex:area", pk=assessment.pk, area_pk=area_id)


@login_required
@require_POST
def submit_view(request, pk):
    assessment = _assessment_for(request, pk)
    run_service(
        request,
        services.submit,
        assessment,
        request.user,
        approved_by_name=request.POST.get("approved_by_name", ""),
        success=_("The self-assessment is submitted."),
    )
    return redirect("parindex:assessment", pk=assessment.pk)


@login_required
@never_cache
def answer_view(request, pk):
    assessment = _assessment_for(request, pk)
    scores = [
        s
        for s in assessment.scores.select_related("sub").order_by("sub__sort_order", "sub__pk")
        if s.differs
    ]
    if request.method == "POST":
        answers = {s.sub_id: request.POST.get(f"answer-{s.sub_id}", "") for s in scores}
        if run_service(
            request,
            services.answer,
            assessment,
            request.user,
            answers,
            success=_("Your answers are saved."),
        ):
            return redirect("parindex:answer", pk=assessment.pk)
    return render(
        request,
        "parindex/answer.html",
        {
            "assessment": assessment,
            "scores": scores,
            "editable": services.is_officer(request.user, assessment.unit_id)
            and assessment.index_set.answers_open(),
        },
    )


# ------------------------------------------------------------------------------------------
# Public results
# ------------------------------------------------------------------------------------------


def _published_set(year, level):
    index_set = (
        IndexSet.objects.select_related("level")
        .filter(year=year, level__code=level, published_at__isnull=False)
        .first()
    )
    if index_set is None:
        raise Http404
    return index_set


def _results_body(request, index_set):
    areas, rows = public_pages.ranking(index_set)
    return render_to_string(
        "parindex/_results_body.html",
        {
            "index_set": index_set,
            "areas": areas,
            "rows": rows,
            "charts": public_pages.area_charts(areas, rows),
        },
    )


def results_view(request, year, level):
    """The published ranking. Its body is the same for everyone and is cached; a cached page
    costs one query (the set)."""
    index_set = _published_set(year, level)
    body = public_pages.cached_body(
        f"results:{index_set.pk}", lambda: _results_body(request, index_set)
    )
    return render(request, "parindex/results.html", {"index_set": index_set, "body": body})


def results_pdf(request, year, level):
    """The printable report (Decree 30 layout with the appendix tables)."""
    index_set = _published_set(year, level)
    data = report.ready_report(index_set)
    if data is None:
        response = render(request, "parindex/report_pending.html", {"index_set": index_set})
        response.status_code = 202
        response["Retry-After"] = "60"
        return response
    return _pdf_response(index_set, data)


def _pdf_response(index_set, data):
    response = HttpResponse(data, content_type="application/pdf")
    name = f"bao-cao-chi-so-cchc-{index_set.level.code}-{index_set.year}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def results_xlsx(request, year, level):
    index_set = _published_set(year, level)
    areas, rows = public_pages.ranking(index_set)
    headers = [
        _("Rank"),
        _("Unit"),
        *[area.number for area in areas],
        _("Total"),
        _("Index"),
        pgettext("par index", "Classification"),
        _("Change from last year"),
    ]
    return xlsx_response(
        f"chi-so-cchc-{index_set.level.code}-{index_set.year}",
        headers,
        [
            [
                row["assessment"].rank,
                row["assessment"].unit.name,
                *row["areas"],
                row["assessment"].total,
                row["assessment"].index_value,
                row["assessment"].band,
                row["change"],
            ]
            for row in rows
        ],
        sheet_title=str(index_set.year),
    )


def _unit_body(index_set, assessment):
    areas = list(index_set.areas.all())
    points = services.area_scores(index_set, [assessment.pk]).get(assessment.pk, {})
    history = list(
        Assessment.objects.filter(
            unit_id=assessment.unit_id,
            index_set__level_id=index_set.level_id,
            index_set__published_at__isnull=False,
        )
        .select_related("index_set")
        .order_by("index_set__year")
    )
    return render_to_string(
        "parindex/_unit_body.html",
        {
            "index_set": index_set,
            "assessment": assessment,
            "areas": [(area, points.get(area.pk, 0)) for area in areas],
            "history": history,
            "history_chart": public_pages.history_chart(history),
            "evidence": public_pages.public_evidence(assessment),
        },
    )


def unit_result_view(request, year, level, unit_pk):
    index_set = _published_set(year, level)
    assessment = get_object_or_404(
        Assessment.objects.select_related("unit"), index_set=index_set, unit_id=unit_pk
    )
    body = public_pages.cached_body(
        f"unit:{assessment.pk}", lambda: _unit_body(index_set, assessment)
    )
    return render(
        request,
        "parindex/unit_result.html",
        {"index_set": index_set, "assessment": assessment, "body": body},
    )
