"""The organizers' own screens in the Wagtail admin: question import and export, appraisal,
results (compute, preview, publish, export), live monitoring and voiding an entry.

Each screen is a class on `common.admin_views.AdminScreen`: its permission comes from the
model's policy (`permission_required`), a service's refusal becomes a message through
`self.run`. `urls` is mounted by the `register_admin_urls` hook in wagtail_hooks.py.
"""

import uuid

from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.admin_views import AdminScreen, CodenamePermissionPolicy, ServiceActionMixin
from common.spreadsheets import xlsx_response

from . import exports, importers, services
from .forms import ImportForm, VoidForm
from .models import Attempt, Entry, Prize, Question, Round, TeamPrize

IMPORT_CACHE_SECONDS = 3600


class ContestScreen(ServiceActionMixin, AdminScreen):
    """A contests screen: breadcrumbs end with its own title."""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]


# ----------------------------------------------------------------------------------------------
# Question bank
# ----------------------------------------------------------------------------------------------


class QuestionScreen(ContestScreen):
    permission_policy = CodenamePermissionPolicy(Question)


class ImportView(QuestionScreen):
    """Upload → preview of every row with its errors → confirm; saving is all or nothing."""

    permission_required = "add"
    page_title = _("Import questions")
    header_icon = "upload"
    template_name = "contests/admin/import.html"

    def _cache_key(self, token):
        return f"contests-import:{self.request.user.pk}:{token}"

    def get(self, request):
        return self.render_to_response(self.get_context_data(form=ImportForm()))

    def post(self, request):
        if request.POST.get("token"):
            return self.confirm(request.POST["token"])
        form = ImportForm(request.POST, request.FILES)
        context = {"form": form}
        if form.is_valid():
            try:
                parsed = importers.parse(
                    form.cleaned_data["file"],
                    form.cleaned_data["file_format"],
                    form.cleaned_data["default_area"],
                )
            except importers.ImportFileError as exc:
                context["file_error"] = exc.message
            else:
                error_count = sum(len(item.errors) for item in parsed)
                context.update(parsed=parsed, error_count=error_count)
                if not error_count:
                    token = uuid.uuid4().hex
                    cache.set(
                        self._cache_key(token),
                        [item.as_dict() for item in parsed],
                        IMPORT_CACHE_SECONDS,
                    )
                    context["token"] = token
        return self.render_to_response(self.get_context_data(**context))

    def confirm(self, token):
        key = self._cache_key(token)
        rows = cache.get(key)
        if rows is None:
            messages.error(self.request, _("The preview has expired; upload the file again."))
            return redirect("contests_admin_import")
        saved = importers.save_questions(rows, self.request.user)
        cache.delete(key)
        messages.success(
            self.request,
            _("%(count)s questions were added to the bank as drafts.") % {"count": len(saved)},
        )
        return redirect(reverse("wagtailsnippets_contests_question:list"))


class ImportTemplateView(QuestionScreen):
    """The import template as an Excel file."""

    permission_required = "add"

    def get(self, request):
        headers, rows = importers.template_rows()
        return xlsx_response("mau-ngan-hang-cau-hoi", headers, rows, sheet_title="Câu hỏi")


class ExportBankView(QuestionScreen):
    """The bank (retired questions left out) in the import layout."""

    permission_required = "view"

    def get(self, request):
        questions = Question.objects.exclude(status=Question.Status.RETIRED).order_by("area", "pk")
        return xlsx_response(
            "ngan-hang-cau-hoi",
            importers.HEADERS,
            importers.export_rows(questions),
            sheet_title="Câu hỏi",
        )


class AppraiseView(QuestionScreen):
    permission_required = "change"
    page_title = _("Appraise question")
    header_icon = "help"
    template_name = "contests/admin/appraise.html"

    @cached_property
    def question(self):
        return get_object_or_404(Question, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            question=self.question, choices=self.question.choices.all(), **kwargs
        )

    def post(self, request, pk):
        if request.POST.get("action") == "retire":
            self.run(
                services.retire_question,
                self.question,
                request.user,
                success=_("The question was retired."),
            )
        else:
            self.run(
                services.appraise_question,
                self.question,
                request.user,
                success=_("The question was appraised."),
            )
        return redirect(reverse("wagtailsnippets_contests_question:edit", args=[pk]))


# ----------------------------------------------------------------------------------------------
# Rounds: results and monitoring
# ----------------------------------------------------------------------------------------------


class RoundScreen(ContestScreen):
    permission_policy = CodenamePermissionPolicy(Round)
    permission_required = "change"


class RoundsView(RoundScreen):
    page_title = _("Results and monitoring")
    header_icon = "table"
    template_name = "contests/admin/rounds.html"

    def get_context_data(self, **kwargs):
        rounds = Round.objects.select_related("contest").order_by("-opens_at")
        return super().get_context_data(rounds=rounds, now=timezone.now(), **kwargs)


class OneRoundScreen(RoundScreen):
    """A screen about one round: titled by the round, under "Results and monitoring"."""

    @cached_property
    def round(self):
        return get_object_or_404(Round.objects.select_related("contest"), pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return f"{self.round.contest.title} – {self.round.title}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse_lazy("contests_admin_rounds"), "label": _("Results and monitoring")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(round=self.round, **kwargs)


class ResultsView(OneRoundScreen):
    page_title = _("Results")
    header_icon = "table"
    template_name = "contests/admin/results.html"

    def ranked(self):
        return (
            Attempt.objects.filter(round=self.round, counted=True)
            .select_related("entry__unit", "entry__group")
            .order_by("entry__group__sort_order", "rank")
        )

    def get(self, request, pk):
        if request.GET.get("export") == "xlsx":
            return exports.results_response(self.round, self.ranked())
        return super().get(request, pk=pk)

    def get_context_data(self, **kwargs):
        round_ = self.round
        return super().get_context_data(
            ranked=self.ranked()[:200],
            prizes=Prize.objects.filter(round=round_).select_related(
                "attempt__entry", "unit", "group"
            ),
            team_prizes=TeamPrize.objects.filter(round=round_).select_related("unit", "unit_group"),
            stats=services.round_statistics(round_),
            now=timezone.now(),
            **kwargs,
        )

    def post(self, request, pk):
        action = request.POST.get("action")
        if action == "compute":
            self.run(
                services.compute_results,
                self.round,
                user=request.user,
                success=_("The results were computed; review them below."),
            )
        elif action == "publish":
            self.run(
                services.publish_results,
                self.round,
                user=request.user,
                success=_("The results were published."),
            )
        return redirect("contests_admin_results", pk=pk)


class MonitorView(OneRoundScreen):
    page_title = pgettext_lazy("live monitor of a contest round", "Live")
    header_icon = "time"
    template_name = "contests/admin/monitor.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            stats=services.round_statistics(self.round),
            hours_chart=services.hours_chart(services.entries_per_hour(self.round)),
            **kwargs,
        )


# ----------------------------------------------------------------------------------------------
# Entries
# ----------------------------------------------------------------------------------------------


class VoidView(ContestScreen):
    permission_policy = CodenamePermissionPolicy(Entry)
    permission_required = "change"
    page_title = _("Void entry")
    header_icon = "warning"
    template_name = "contests/admin/void.html"

    @cached_property
    def entry(self):
        return get_object_or_404(
            Entry.objects.select_related("contest", "unit"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", VoidForm())
        return super().get_context_data(entry=self.entry, **kwargs)

    def post(self, request, pk):
        form = VoidForm(request.POST)
        if form.is_valid() and self.run(
            services.void_entry,
            self.entry,
            form.cleaned_data["reason"],
            user=request.user,
            success=_("The entry was voided and the results recomputed."),
        ):
            return redirect(reverse("wagtailsnippets_contests_entry:list"))
        return self.render_to_response(self.get_context_data(form=form))


urlpatterns = [
    path("cuoc-thi/nhap-cau-hoi/", ImportView.as_view(), name="contests_admin_import"),
    path(
        "cuoc-thi/nhap-cau-hoi/mau.xlsx",
        ImportTemplateView.as_view(),
        name="contests_admin_template",
    ),
    path(
        "cuoc-thi/xuat-ngan-hang.xlsx", ExportBankView.as_view(), name="contests_admin_export_bank"
    ),
    path(
        "cuoc-thi/cau-hoi/<int:pk>/tham-dinh/",
        AppraiseView.as_view(),
        name="contests_admin_appraise",
    ),
    path("cuoc-thi/vong-thi/", RoundsView.as_view(), name="contests_admin_rounds"),
    path(
        "cuoc-thi/vong-thi/<int:pk>/ket-qua/", ResultsView.as_view(), name="contests_admin_results"
    ),
    path(
        "cuoc-thi/vong-thi/<int:pk>/theo-doi/",
        MonitorView.as_view(),
        name="contests_admin_monitor",
    ),
    path("cuoc-thi/bai-du-thi/<int:pk>/huy/", VoidView.as_view(), name="contests_admin_void"),
]
