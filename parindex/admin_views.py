"""Organizers' and appraisers' screens in the Wagtail admin: the board of units by status, the
appraisal with its version check, final decisions, import and export of a set, copying last
year's, survey scores, reminders and publication."""

from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.admin_views import (
    AdminScreen,
    CodenamePermissionPolicy,
    ConfirmStepMixin,
    ServiceActionMixin,
)
from common.charts import bar_chart
from common.pagination import paginate
from common.parsing import parse_id
from common.spreadsheets import xlsx_response
from common.vietnamese import format_number

from . import importers, metrics, services
from .errors import ParIndexError
from .models import AppraiserAssignment, Assessment, Evidence, IndexSet, Level

POLICY = CodenamePermissionPolicy(IndexSet)
SESSION_KEY = "parindex-import"


class Screen(ServiceActionMixin, AdminScreen):
    permission_policy = POLICY
    permission_required = "manage_index"
    header_icon = "table"
    breadcrumbs_items = AdminScreen.breadcrumbs_items


class BoardView(ConfirmStepMixin, Screen):
    """Units of a set by status, with counts; actions on the whole set."""

    page_title = gettext_lazy("PAR index: board")
    template_name = "parindex/admin/board.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sets = list(IndexSet.objects.select_related("level"))
        chosen = parse_id(self.request.GET.get("bo", ""))
        index_set = next((s for s in sets if s.pk == chosen), sets[0] if sets else None)
        context.update(sets=sets, index_set=index_set, levels=Level.objects.all())
        if index_set is not None:
            counts = dict(
                index_set.assessments.values("status")
                .annotate(n=Count("pk"))
                .values_list("status", "n")
            )
            context["counts"] = [
                (value, label, counts.get(value, 0)) for value, label in Assessment.Status.choices
            ]
            context["progress_chart"] = bar_chart(
                _("Units by status"),
                [(str(label).capitalize(), n) for _value, label, n in context["counts"]],
                maximum=sum(counts.values()) or 1,
                value_label=_("Units"),
            )
            status = self.request.GET.get("trang_thai", "")
            assessments = index_set.assessments.select_related("unit").order_by(
                "status", "unit__name"
            )
            if status in Assessment.Status.values:
                assessments = assessments.filter(status=status)
            context.update(
                assessments=assessments[:500],
                status=status,
                problems=services.maxima_problems(index_set),
                now=timezone.now(),
            )
        return context

    def post(self, request):
        index_set = get_object_or_404(IndexSet, pk=parse_id(request.POST.get("set", "")))
        action = request.POST.get("action", "")
        if action == "open":
            self.run(
                services.open_assessments,
                index_set,
                by=request.user,
                success=lambda n: _("%(count)s assessments opened.") % {"count": n},
            )
        elif action == "compute":
            self.run(
                services.compute_metrics,
                index_set,
                success=lambda n: _("%(count)s computed scores updated.") % {"count": n},
            )
        elif action == "remind":
            self.run(
                services.send_reminders,
                index_set,
                request.user,
                success=lambda n: _("Reminders are being sent to %(count)s units.") % {"count": n},
            )
        elif action == "publish":
            if not self.is_confirmed():
                # Publication freezes every unit's points and cannot be undone: ask first.
                return self.ask_first(
                    title=_("Publish the results"),
                    question=_("Publish the results of %(set)s?") % {"set": index_set},
                    consequences=[
                        _(
                            "The ranking, the classification and each unit's points by area"
                            " become public on the portal, with the printable report."
                        ),
                        _("The totals are frozen: no score can change after publication."),
                    ],
                    fields=[("set", index_set.pk), ("action", "publish")],
                    confirm_label=_("Yes, publish the results"),
                    back_url=f"{reverse('parindex_admin:board')}?bo={index_set.pk}",
                )
            self.run(
                services.publish, index_set, request.user, success=_("The results are published.")
            )
        elif action == "reopen":
            assessment = get_object_or_404(
                Assessment, pk=parse_id(request.POST.get("assessment", "")), index_set=index_set
            )
            self.run(
                services.reopen,
                assessment,
                request.user,
                reason=request.POST.get("reason", ""),
                success=_("The assessment is given back to the unit."),
            )
        return redirect(f"{reverse('parindex_admin:board')}?bo={index_set.pk}")


class ResultsPreviewView(Screen):
    page_title = gettext_lazy("PAR index: results preview")
    template_name = "parindex/admin/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        index_set = get_object_or_404(IndexSet.objects.select_related("level"), pk=kwargs["pk"])
        context.update(index_set=index_set, rows=services.results_with_units(index_set))
        return context


class AppraisalListView(Screen):
    permission_required = "appraise"
    page_title = gettext_lazy("PAR index: my appraisals")
    template_name = "parindex/admin/appraisals.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        assessments = Assessment.objects.select_related("unit", "index_set__level").filter(
            index_set__published_at__isnull=True
        )
        if not services.is_organizer(user):
            assigned = AppraiserAssignment.objects.filter(
                appraiser=user, index_set=OuterRef("index_set"), unit=OuterRef("unit")
            )
            assessments = assessments.filter(Exists(assigned))
        context["assessments"] = assessments.order_by("index_set", "status", "unit__name")
        return context


class AppraiseView(Screen):
    """One unit's scores with the appraiser's columns. The page carries the version it showed;
    saving on top of someone else's save is refused with a message (services.appraise)."""

    permission_required = "appraise"
    template_name = "parindex/admin/appraise.html"

    def get_assessment(self):
        assessment = get_object_or_404(
            Assessment.objects.select_related("unit", "index_set__level", "updated_by"),
            pk=self.kwargs["pk"],
        )
        if not services.may_appraise(self.request.user, assessment):
            raise Http404
        return assessment

    def get_page_title(self):
        return _("Appraisal: %(unit)s") % {"unit": self.assessment.unit.name}

    def get(self, request, *args, **kwargs):
        self.assessment = self.get_assessment()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assessment = self.assessment
        scores = list(
            assessment.scores.select_related("sub__area")
            .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
            .order_by("sub__sort_order", "sub__pk")
        )
        metrics.attach_details(scores, assessment.unit_id, assessment.index_set.year)
        now = timezone.now()
        closes = assessment.index_set.appraisal_closes_at
        context.update(
            assessment=assessment,
            scores=scores,
            typed=getattr(self, "typed", None),
            deciding=bool(closes and now >= closes),
            is_organizer=services.is_organizer(self.request.user),
        )
        return context

    def post(self, request, *args, **kwargs):
        self.assessment = assessment = self.get_assessment()
        if request.POST.get("action") == "evidence_public":
            evidence = get_object_or_404(
                Evidence.objects.select_related("score__assessment"),
                pk=parse_id(request.POST.get("evidence", "")),
                score__assessment=assessment,
            )
            public = request.POST.get("public") == "1"
            self.run(
                services.set_evidence_public,
                evidence,
                request.user,
                public,
                success=_("The file is public once the results are published.")
                if public
                else _("The file is no longer public."),
            )
            return redirect("parindex_admin:appraise", pk=assessment.pk)
        version = parse_id(request.POST.get("version", "")) or 0
        sub_ids = list(assessment.scores.values_list("sub_id", flat=True))
        if request.POST.get("action") == "decide":
            entries = {s: request.POST.get(f"final-{s}", "") for s in sub_ids}
            outcome = self.run(
                services.decide,
                assessment,
                request.user,
                entries,
                version,
                success=_("The final scores are saved."),
            )
        else:
            entries = {
                s: {
                    "value": request.POST.get(f"appraised-{s}", ""),
                    "comment": request.POST.get(f"comment-{s}", ""),
                }
                for s in sub_ids
                if f"appraised-{s}" in request.POST
            }
            outcome = self.run(
                services.appraise,
                assessment,
                request.user,
                entries,
                version,
                success=_("The appraisal is saved."),
            )
        if outcome:
            return redirect("parindex_admin:appraise", pk=assessment.pk)
        self.typed = request.POST
        response = self.render_to_response(self.get_context_data(**kwargs))
        response.status_code = 409 if outcome.error.code == "stale" else 400
        return response


class ImportSetView(Screen):
    """Upload an .xlsx, see the tree and every row's error, then confirm."""

    page_title = gettext_lazy("PAR index: import an index set")
    template_name = "parindex/admin/import.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sets"] = IndexSet.objects.select_related("level").filter(published_at__isnull=True)
        context.update(getattr(self, "extra", {}))
        return context

    def post(self, request):
        index_set = get_object_or_404(
            IndexSet, pk=parse_id(request.POST.get("set", "")), published_at__isnull=True
        )
        if request.POST.get("confirm"):
            tree = request.session.get(SESSION_KEY, {}).get(str(index_set.pk))
            if tree is None:
                return redirect("parindex_admin:import")
            if self.run(
                importers.save_set, index_set, tree, success=_("The index set is imported.")
            ):
                request.session.pop(SESSION_KEY, None)
                return redirect(f"{reverse('parindex_admin:board')}?bo={index_set.pk}")
            return redirect("parindex_admin:import")
        uploaded = request.FILES.get("file")
        self.extra = {"chosen": index_set}
        if uploaded is None:
            self.extra["file_error"] = _("Choose a file to upload.")
        else:
            try:
                tree, errors = importers.read_set(uploaded, index_set.max_total)
            except ParIndexError as error:
                self.extra["file_error"] = error.message
            else:
                self.extra.update(tree=tree, errors=errors)
                if not errors:
                    request.session[SESSION_KEY] = {str(index_set.pk): tree}
        response = self.render_to_response(self.get_context_data())
        if self.extra.get("file_error") or self.extra.get("errors"):
            response.status_code = 400
        return response


class ExportSetView(Screen):
    def get(self, request, pk):
        index_set = get_object_or_404(IndexSet.objects.select_related("level"), pk=pk)
        return xlsx_response(
            f"bo-chi-so-{index_set.level.code}-{index_set.year}",
            importers.HEADERS,
            importers.export_rows(index_set),
            sheet_title=str(index_set.year),
        )


class CopySetView(Screen):
    def post(self, request):
        level = get_object_or_404(Level, pk=parse_id(request.POST.get("level", "")))
        year = parse_id(request.POST.get("year", ""))
        if year is None or not 2000 <= year <= 2100:
            year = timezone.localdate().year
        outcome = self.run(
            services.copy_previous,
            level,
            year,
            by=request.user,
            success=_("Last year's set is copied; adjust it and set its period."),
        )
        if outcome:
            return redirect(f"{reverse('parindex_admin:board')}?bo={outcome.value.pk}")
        return redirect("parindex_admin:board")


class SurveyImportView(Screen):
    page_title = gettext_lazy("PAR index: survey scores")
    template_name = "parindex/admin/survey.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sets"] = IndexSet.objects.select_related("level").filter(published_at__isnull=True)
        context.update(getattr(self, "extra", {}))
        return context

    def post(self, request):
        index_set = get_object_or_404(IndexSet, pk=parse_id(request.POST.get("set", "")))
        uploaded = request.FILES.get("file")
        self.extra = {}
        if uploaded is None:
            self.extra["file_error"] = _("Choose a file to upload.")
        else:
            try:
                result = services.import_survey_scores(index_set, uploaded, request.user)
            except ParIndexError as error:
                self.extra.update(file_error=error.message, rows=getattr(error, "rows", []))
            else:
                self.extra["saved"] = result["saved"]
        response = self.render_to_response(self.get_context_data())
        if self.extra.get("file_error"):
            response.status_code = 400
        return response


SURVEY_PER_PAGE = 100


class SurveyEntryView(Screen):
    """Survey points typed per unit (the import's other way in), checked all at once and logged
    like the import."""

    page_title = gettext_lazy("PAR index: enter survey scores")
    template_name = "parindex/admin/survey_entry.html"

    def get_index_set(self):
        chosen = parse_id(self.request.GET.get("set", "") or self.request.POST.get("set", ""))
        sets = list(IndexSet.objects.select_related("level").filter(published_at__isnull=True))
        return sets, next((s for s in sets if s.pk == chosen), sets[0] if sets else None)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sets, index_set = self.get_index_set()
        context.update(sets=sets, index_set=index_set)
        if index_set is not None:
            subs, rows = services.survey_scores(index_set)
            page = paginate(self.request, rows, SURVEY_PER_PAGE)
            rows = page.object_list
            context["page_obj"] = page
            typed = getattr(self, "typed", None)
            errors = getattr(self, "field_errors", {})
            context["subs"] = subs
            context["rows"] = [
                (
                    assessment,
                    [
                        {
                            "name": f"p-{assessment.pk}-{sub.pk}",
                            "label": f"{assessment.unit.name} – {sub.number}",
                            "value": typed.get(f"p-{assessment.pk}-{sub.pk}", "")
                            if typed is not None
                            else (
                                format_number(value, 2).rstrip("0").rstrip(",")
                                if value is not None
                                else ""
                            ),
                            "error": errors.get((assessment.pk, sub.pk), ""),
                        }
                        for sub, value in zip(subs, values, strict=True)
                    ],
                )
                for assessment, values in rows
            ]
        return context

    def post(self, request):
        _sets, index_set = self.get_index_set()
        if index_set is None:
            raise Http404
        entries = {}
        for key, raw in request.POST.items():
            parts = key.split("-")
            if len(parts) == 3 and parts[0] == "p":
                assessment_id, sub_id = parse_id(parts[1]), parse_id(parts[2])
                if assessment_id and sub_id:
                    entries[(assessment_id, sub_id)] = raw
        outcome = self.run(
            services.enter_survey_scores,
            index_set,
            request.user,
            entries,
            success=lambda n: _("%(count)s survey points saved.") % {"count": n},
        )
        if outcome:
            page = parse_id(request.POST.get("trang", "")) or 1
            return redirect(
                f"{reverse('parindex_admin:survey_entry')}?set={index_set.pk}&trang={page}"
            )
        self.typed = request.POST
        self.field_errors = getattr(outcome.error, "fields", {})
        response = self.render_to_response(self.get_context_data())
        response.status_code = 400
        return response


class ReportView(Screen):
    """The printable report for the organizers: a preview before publication, marked as such;
    the published report afterwards."""

    def get(self, request, pk):
        from django.http import HttpResponse

        from . import report

        index_set = get_object_or_404(IndexSet.objects.select_related("level"), pk=pk)
        data = report.ready_report(index_set)
        if data is None:
            messages.info(
                request,
                _("The report is being prepared; open it again in a few minutes."),
            )
            return redirect(f"{reverse('parindex_admin:board')}?bo={index_set.pk}")
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="bao-cao-chi-so-cchc-{index_set.level.code}-{index_set.year}.pdf"'
        )
        return response
