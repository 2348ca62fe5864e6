"""The organizers' own screens in the Wagtail admin: question import and export, appraisal,
a question previewed as entrants see it, results (the prediction's entered true value,
compute, preview, publish, export), live monitoring and voiding an entry.

Each screen is a class on `common.admin_views.AdminScreen`: its permission comes from the
model's policy (`permission_required`), a service's refusal becomes a message through
`self.run`. `urls` is mounted by the `register_admin_urls` hook in wagtail_hooks.py.
"""

import uuid
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry

from common import vietnamese
from common.admin_views import (
    AdminScreen,
    CodenamePermissionPolicy,
    ConfirmStepMixin,
    ServiceActionMixin,
)
from common.spreadsheets import xlsx_response

from . import exports, importers, services
from .forms import ImportForm, TruthForm, VoidForm
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
    """Upload → preview of every question with its problems → save every question, or only the
    good ones (the refused rows download as an .xlsx with their problems, to fix and upload
    again). Whatever is saved is saved in one transaction."""

    permission_required = "add"
    page_title = _("Import questions")
    header_icon = "upload"
    template_name = "contests/admin/import.html"
    #: Rows the preview lists of each sort (refused, good); the download has every refused row.
    PREVIEW_ROWS = 500

    def _cache_key(self, token):
        return f"contests-import:{self.request.user.pk}:{token}"

    def get(self, request):
        if request.GET.get("refused"):
            return self.refused(request.GET["refused"])
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
                context.update(self.preview(parsed))
        return self.render_to_response(self.get_context_data(**context))

    def preview(self, parsed):
        good = [item for item in parsed if not item.errors]
        bad = [item for item in parsed if item.errors]
        token = uuid.uuid4().hex
        cache.set(
            self._cache_key(token),
            {
                "good": [item.as_dict() for item in good],
                "refused": importers.refused_rows(bad),
            },
            IMPORT_CACHE_SECONDS,
        )
        shown = sorted(
            bad[: self.PREVIEW_ROWS] + good[: self.PREVIEW_ROWS], key=lambda item: item.row
        )
        return {
            "parsed": shown,
            "total_count": len(parsed),
            "good_count": len(good),
            "refused_count": len(bad),
            "error_count": sum(len(item.errors) for item in bad),
            "truncated": len(shown) < len(parsed),
            "notes": getattr(parsed, "notes", []),
            "token": token,
        }

    def confirm(self, token):
        key = self._cache_key(token)
        stored = cache.get(key)
        if stored is None or not stored["good"]:
            messages.error(self.request, _("The preview has expired; upload the file again."))
            return redirect("contests_admin_import")
        # Claimed before saving: a double click sends two confirms at once, and both would read
        # the questions above before either marks them saved. `add` is atomic in every cache
        # backend the project uses (Redis SET NX; the local-memory cache's lock).
        if not cache.add(f"{key}:claimed", True, IMPORT_CACHE_SECONDS):
            messages.info(self.request, _("These questions are already being imported."))
            return redirect(reverse("wagtailsnippets_contests_question:list"))
        try:
            saved = importers.save_questions(stored["good"], self.request.user)
        except BaseException:
            cache.delete(f"{key}:claimed")
            raise
        # Saved once: a second confirm finds nothing to save; the refused rows stay downloadable.
        cache.set(key, {"good": [], "refused": stored["refused"]}, IMPORT_CACHE_SECONDS)
        messages.success(
            self.request,
            _("%(count)s questions were added to the bank as drafts.") % {"count": len(saved)},
        )
        if stored["refused"]:
            messages.warning(
                self.request,
                ngettext(
                    "%(count)s refused question was not imported.",
                    "%(count)s refused questions were not imported.",
                    len(stored["refused"]),
                )
                % {"count": len(stored["refused"])},
            )
        return redirect(reverse("wagtailsnippets_contests_question:list"))

    def refused(self, token):
        stored = cache.get(self._cache_key(token))
        if stored is None:
            messages.error(self.request, _("The preview has expired; upload the file again."))
            return redirect("contests_admin_import")
        return importers.refused_response(stored["refused"])


class ImportTemplateView(QuestionScreen):
    """The import template as an Excel file, with drop-down lists for the coded columns."""

    permission_required = "add"

    def get(self, request):
        return importers.template_response()


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

    def listing_url(self):
        """Where to go back: the bank listing the organizer came from, with its filters (the
        `next` the form carries, or the page that linked here), else the plain listing."""
        listing = reverse("wagtailsnippets_contests_question:list")
        for candidate in (
            self.request.POST.get("next"),
            self.request.GET.get("next"),
            self.request.headers.get("referer"),
        ):
            if not candidate:
                continue
            if url_has_allowed_host_and_scheme(
                candidate, allowed_hosts={self.request.get_host()}, require_https=False
            ):
                parts = urlsplit(candidate)
                if parts.path.startswith(listing):
                    return parts.path + (f"?{parts.query}" if parts.query else "")
        return listing

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            question=self.question,
            choices=self.question.choices.all(),
            next_url=self.listing_url(),
            **kwargs,
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
        return redirect(self.listing_url())


class PreviewQuestionView(QuestionScreen):
    """A question as entrants see it in an attempt (the attempt page's own template), with
    nothing marked correct: what an appraiser checks before approving it."""

    permission_required = "view"

    def get(self, request, pk):
        question = get_object_or_404(Question, pk=pk)
        context = {
            "question": services.question_preview(question),
            "back_url": reverse("wagtailsnippets_contests_question:list"),
        }
        response = render(request, "contests/question_preview.html", context)
        response["Cache-Control"] = "no-store"
        return response


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


class ResultsView(ConfirmStepMixin, OneRoundScreen):
    """Compute, preview, publish, export. Publishing asks first (it emails the winners and
    issues certificates), and so does computing again once the results are public."""

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

    def publication(self):
        """Who published the round's results and when (the audit log), or None."""
        if self.round.results_published_at is None:
            return None
        entry = (
            log_registry.get_logs_for_instance(self.round)
            .filter(action="contests.publish_results")
            .select_related("user")
            .order_by("-timestamp")
            .first()
        )
        return {
            "at": self.round.results_published_at,
            "by": entry.user_display_name if entry and entry.user_id else "",
        }

    def truth_history(self):
        """Each true value the organizers entered: who, when, the value before."""
        if self.round.predicts != Round.Predicts.ENTERED:
            return []
        return list(
            log_registry.get_logs_for_instance(self.round)
            .filter(action="contests.set_truth")
            .select_related("user")
            .order_by("-timestamp")[:20]
        )

    def get_context_data(self, **kwargs):
        round_ = self.round
        if round_.predicts == Round.Predicts.ENTERED:
            kwargs.setdefault(
                "truth_form",
                TruthForm(
                    initial={
                        "value": ""
                        if round_.entered_truth is None
                        else vietnamese.format_number(round_.entered_truth)
                    }
                ),
            )
        return super().get_context_data(
            truth_history=self.truth_history(),
            ranked=self.ranked()[:200],
            prizes=Prize.objects.filter(round=round_).select_related(
                "attempt__entry", "unit", "group"
            ),
            team_prizes=TeamPrize.objects.filter(round=round_).select_related("unit", "unit_group"),
            stats=services.round_statistics(round_),
            publication=self.publication(),
            now=timezone.now(),
            **kwargs,
        )

    def post(self, request, pk):
        action = request.POST.get("action")
        published = self.round.results_published_at is not None
        if action == "truth":
            return self.enter_truth()
        if action == "compute":
            if published and not self.is_confirmed():
                return self.ask_to_recompute()
            self.run(
                services.compute_results,
                self.round,
                user=request.user,
                success=_("The results were computed; review them below."),
            )
        elif action == "publish":
            computed = self.round.results_computed_at is not None
            if computed and not published and not self.is_confirmed():
                return self.ask_to_publish()
            self.run(
                services.publish_results,
                self.round,
                user=request.user,
                success=_("The results were published."),
            )
        return redirect("contests_admin_results", pk=pk)

    def enter_truth(self):
        form = TruthForm(self.request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(truth_form=form))
        self.run(
            services.set_prediction_truth,
            self.round,
            form.cleaned_data["value"],
            self.request.user,
            success=_("The true value was saved; compute the results with it."),
        )
        return redirect("contests_admin_results", pk=self.round.pk)

    def _names(self):
        return {"round": self.round.title, "contest": self.round.contest.title}

    def ask_to_publish(self):
        round_ = self.round
        ranked = Attempt.objects.filter(round=round_, counted=True).count()
        prizes = Prize.objects.filter(round=round_).count()
        team_prizes = TeamPrize.objects.filter(round=round_).count()
        consequences = [
            ngettext(
                "The ranking of %(count)s entrant becomes public on the contest's results page.",
                "The ranking of %(count)s entrants becomes public on the contest's results page.",
                ranked,
            )
            % {"count": ranked},
            ngettext(
                "%(count)s prize is announced; its winner is emailed.",
                "%(count)s prizes are announced; each winner is emailed.",
                prizes,
            )
            % {"count": prizes},
        ]
        if team_prizes:
            consequences.append(
                ngettext(
                    "%(count)s team prize is announced.",
                    "%(count)s team prizes are announced.",
                    team_prizes,
                )
                % {"count": team_prizes}
            )
        if round_.contest.certificate_template_id:
            consequences.append(_("The prize winners' certificates are issued."))
        else:
            consequences.append(
                _("No certificate is issued: the contest has no certificate template.")
            )
        consequences.append(_("Publication cannot be undone."))
        return self.ask_first(
            title=_("Publish results"),
            question=_("Publish the results of %(round)s (%(contest)s)?") % self._names(),
            consequences=consequences,
            fields=[("action", "publish")],
            confirm_label=_("Yes, publish the results"),
            back_url=reverse("contests_admin_results", args=[round_.pk]),
        )

    def ask_to_recompute(self):
        return self.ask_first(
            title=_("Compute again"),
            question=_("Compute the published results of %(round)s (%(contest)s) again?")
            % self._names(),
            consequences=[
                _(
                    "The results are already public: the ranks and prizes shown on the results "
                    "page change at once if the computation gives a different order."
                ),
                _("Winners already emailed are not emailed again."),
            ],
            fields=[("action", "compute")],
            confirm_label=_("Yes, compute again"),
            back_url=reverse("contests_admin_results", args=[self.round.pk]),
        )


class MonitorView(OneRoundScreen):
    page_title = pgettext_lazy("live monitor of a contest round", "Live")
    header_icon = "time"
    template_name = "contests/admin/monitor.html"

    def get_context_data(self, **kwargs):
        # The bank may have changed since the round was saved (questions retired, edited back
        # to draft): a round that has not closed is checked again, as the round editor does.
        shortfalls = [] if self.round.is_closed() else services.bank_shortfalls(self.round)
        return super().get_context_data(
            shortfalls=shortfalls,
            stats=services.round_statistics(self.round),
            hours_chart=services.hours_chart(services.entries_per_hour(self.round)),
            **kwargs,
        )


class QuestionStatisticsView(OneRoundScreen):
    """Per question of the round: the share answering right, how well it separates the strong
    from the weak entrants, the wrong choice most picked; per reform area with a chart."""

    page_title = _("Question statistics")
    header_icon = "table"
    template_name = "contests/admin/question_statistics.html"

    def get_context_data(self, **kwargs):
        stats = services.question_statistics(self.round)
        return super().get_context_data(
            question_stats=stats,
            area_chart=services.area_facility_chart(stats["areas"]),
            good=vietnamese.format_number(services.statistics.DISCRIMINATION_GOOD, 1),
            review_below=vietnamese.format_number(
                services.statistics.DISCRIMINATION_REVIEW_BELOW, 1
            ),
            **kwargs,
        )


class AttemptView(RoundScreen):
    """One entrant's attempt in full, to answer a complaint: every question in the order drawn
    with their choices and the right ones, when each answer was saved, start, submission and
    time taken. Opening it is written to the audit log, and the screen lists who opened it."""

    page_title = _("Attempt")
    header_icon = "doc-full"
    template_name = "contests/admin/attempt.html"

    @cached_property
    def attempt(self):
        return get_object_or_404(
            Attempt.objects.select_related("round__contest", "entry__unit", "entry__group"),
            pk=self.kwargs["pk"],
        )

    def get_page_subtitle(self):
        return self.attempt.entry.full_name

    def get_breadcrumbs_items(self):
        round_ = self.attempt.round
        return self.breadcrumbs_items + [
            {"url": reverse_lazy("contests_admin_rounds"), "label": _("Results and monitoring")},
            {
                "url": reverse("contests_admin_results", args=[round_.pk]),
                "label": _("Results"),
                "sublabel": f"{round_.contest.title} – {round_.title}",
            },
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get(self, request, pk):
        log(self.attempt, "contests.view_attempt", user=request.user)
        return super().get(request, pk=pk)

    def get_context_data(self, **kwargs):
        attempt = self.attempt
        openings = (
            log_registry.get_logs_for_instance(attempt)
            .filter(action="contests.view_attempt")
            .select_related("user")
            .order_by("-timestamp")[:50]
        )
        return super().get_context_data(
            attempt=attempt,
            round=attempt.round,
            questions=services.attempt_record(attempt),
            openings=openings,
            **kwargs,
        )


# ----------------------------------------------------------------------------------------------
# Entries
# ----------------------------------------------------------------------------------------------


class VoidView(ConfirmStepMixin, ContestScreen):
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
        if form.is_valid() and not self.entry.voided_at and not self.is_confirmed():
            return self.ask_to_void(form.cleaned_data["reason"])
        if form.is_valid() and self.run(
            services.void_entry,
            self.entry,
            form.cleaned_data["reason"],
            user=request.user,
            success=_("The entry was voided and the results recomputed."),
        ):
            return redirect(reverse("wagtailsnippets_contests_entry:list"))
        return self.render_to_response(self.get_context_data(form=form))

    def ask_to_void(self, reason):
        entry = self.entry
        names = {"name": entry.full_name, "contest": entry.contest.title}
        consequences = [
            _("Their attempts stop counting in every round of %(contest)s.") % names,
            _(
                "Rounds whose results were computed are ranked again: the people after them "
                "move up."
            ),
        ]
        published = Round.objects.filter(
            contest_id=entry.contest_id, results_published_at__isnull=False
        ).count()
        if published:
            consequences.append(
                ngettext(
                    "%(count)s round's results are already public: its public ranking changes.",
                    "%(count)s rounds' results are already public: their public ranking changes.",
                    published,
                )
                % {"count": published}
            )
        consequences.append(_("Reason (kept in the history): %(reason)s") % {"reason": reason})
        return self.ask_first(
            question=_("Void the entry of %(name)s in %(contest)s?") % names,
            consequences=consequences,
            fields=[("reason", reason)],
            confirm_label=_("Yes, void the entry"),
            back_url=reverse("contests_admin_void", args=[entry.pk]),
        )


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
    path(
        "cuoc-thi/cau-hoi/<int:pk>/xem-nhu-thi-sinh/",
        PreviewQuestionView.as_view(),
        name="contests_admin_preview_question",
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
    path(
        "cuoc-thi/vong-thi/<int:pk>/thong-ke-cau-hoi/",
        QuestionStatisticsView.as_view(),
        name="contests_admin_question_statistics",
    ),
    path(
        "cuoc-thi/luot-thi/<int:pk>/",
        AttemptView.as_view(),
        name="contests_admin_attempt",
    ),
]
