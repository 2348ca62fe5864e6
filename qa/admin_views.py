"""The editors' answer screen: the reader's message as sent, the answer form, and the decisions
(send the answer, send and publish, don't publish, spam), each through `services`.

Mounted by viewsets.py in place of the snippet edit view, so every link to a question opens it.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.snippets.views.snippets import IndexView

from common.admin_views import AdminScreen, ServiceActionMixin

from . import services
from .forms import AnswerForm
from .models import Question

POLICY = ModelPermissionPolicy(Question)
INDEX_URL = "wagtailsnippets_qa_question:list"

#: The buttons of the answer form: what each does, and its message once done.
ACTIONS = {
    "save": _("Draft saved. The reader has not been emailed."),
    "answer": _("Answer sent to the reader by email. The question is not published."),
    "publish": _("Answer sent to the reader and published on the portal."),
    "publish_only": _("Published on the portal; the reader has been emailed the link."),
    "withhold": _("The question will not be published."),
    "spam": _("Marked as spam."),
}


class QuestionIndexView(IndexView):
    def get_edit_url(self, instance):
        if self.user_has_permission("change"):
            return reverse("wagtailsnippets_qa_question:edit", args=[instance.pk])
        return None


class AnswerView(ServiceActionMixin, AdminScreen):
    permission_policy = POLICY
    permission_required = "change"
    template_name = "qa/admin/answer.html"
    header_icon = "help"
    _show_breadcrumbs = True

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.question = get_object_or_404(
            Question.objects.select_related("answered_by", "user"), pk=kwargs["pk"]
        )

    def get_page_title(self):
        return f"{self.question.reference}: {self.question.title}"

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse(INDEX_URL), "label": Question._meta.verbose_name_plural},
            {"url": "", "label": self.question.reference},
        ]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            question=self.question,
            form=form or AnswerForm(instance=self.question),
            index_url=reverse(INDEX_URL),
            Status=Question.Status,
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "save")
        if action not in ACTIONS:
            action = "save"
        form = AnswerForm(request.POST, instance=self.question)
        if action in ("save", "answer", "publish"):
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form), status=400)
            text = form.cleaned_data["answer"]
            question = form.save(commit=False)
            if action == "save":
                question.save()
                outcome = True
            else:
                outcome = self.run(
                    services.answer,
                    self.question,
                    text=text,
                    by=request.user,
                    publish=action == "publish",
                    details={name: getattr(question, name) for name in services.EDITABLE_DETAILS},
                )
        elif action == "publish_only":
            outcome = self.run(services.publish, self.question, by=request.user)
        elif action == "withhold":
            outcome = self.run(services.withhold, self.question, by=request.user)
        else:
            outcome = self.run(services.mark_spam, self.question, by=request.user)
        if not outcome:
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, ACTIONS[action])
        if action == "save":
            return redirect("wagtailsnippets_qa_question:edit", self.question.pk)
        return redirect(INDEX_URL)
