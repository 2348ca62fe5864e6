"""Bulk actions of the question bank listing: appraise, retire, change the area, change the
difficulty. Each asks first on Wagtail's confirmation page (listing the chosen questions; the
appraisal names those it will skip and why) and then runs the bank services question by
question, so the four-eyes rule holds for each one. Registered in wagtail_hooks.py."""

from django import forms
from django.contrib import messages
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from . import services
from .models import Area, Question


class QuestionBulkAction(SnippetBulkAction):
    """A bulk action on questions only (Wagtail offers a snippet action on every snippet model
    unless told otherwise), for people who may change questions."""

    template_name = "contests/admin/bulk_questions.html"
    #: The text above the list on the confirmation page and its "Yes, …" button.
    question_text = ""
    confirm_label = ""

    @classproperty
    def models(cls):
        return [Question]

    def check_perm(self, question):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", question
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            question_text=self.question_text,
            confirm_label=self.confirm_label,
            action_title=self.display_name,
            **kwargs,
        )

    @classmethod
    def execute_action(cls, objects, **kwargs):
        return kwargs["self"].perform(objects), 0

    def perform(self, questions):
        raise NotImplementedError


class AppraiseBulkAction(QuestionBulkAction):
    display_name = _("Appraise")
    action_type = "appraise"
    aria_label = _("Appraise the selected questions")
    action_priority = 10
    question_text = _("Appraise these questions? Those that cannot be appraised are skipped.")
    confirm_label = _("Yes, appraise")

    def object_context(self, question):
        context = super().object_context(question)
        context["problem"] = services.appraisal_problem(question, self.request.user)
        return context

    def perform(self, questions):
        done, self.skipped = services.appraise_questions(questions, self.request.user)
        for question, reason in self.skipped:
            messages.warning(
                self.request,
                _("“%(question)s” was not appraised: %(reason)s")
                % {"question": question, "reason": reason},
            )
        return len(done)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d question was appraised.",
            "%(count)d questions were appraised.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class RetireBulkAction(QuestionBulkAction):
    display_name = _("Retire")
    action_type = "retire"
    aria_label = _("Retire the selected questions")
    action_priority = 20
    question_text = _(
        "Retire these questions? They are no longer drawn; attempts that already have them "
        "keep them."
    )
    confirm_label = _("Yes, retire")

    def perform(self, questions):
        return len(services.retire_questions(questions, self.request.user))

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d question was retired.",
            "%(count)d questions were retired.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class AreaForm(forms.Form):
    value = forms.ChoiceField(label=_("New reform area"), choices=Area.choices)


class DifficultyForm(forms.Form):
    value = forms.ChoiceField(label=_("New difficulty"), choices=Question.Difficulty.choices)


class SetFieldBulkAction(QuestionBulkAction):
    """Set one field of the chosen questions to the value picked on the confirmation page."""

    field = ""

    def perform(self, questions):
        value = self.cleaned_form.cleaned_data["value"]
        return len(services.set_questions_field(questions, self.field, value, self.request.user))

    def chosen_label(self):
        return dict(self.form_class.base_fields["value"].choices)[
            self.cleaned_form.cleaned_data["value"]
        ]


class AreaBulkAction(SetFieldBulkAction):
    display_name = _("Change area")
    action_type = "set_area"
    aria_label = _("Change the reform area of the selected questions")
    action_priority = 30
    form_class = AreaForm
    field = "area"
    question_text = _("Move these questions to another reform area? Their appraisal stays.")
    confirm_label = _("Yes, change the area")

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d question moved to the area “%(value)s”.",
            "%(count)d questions moved to the area “%(value)s”.",
            num_parent_objects,
        ) % {"count": num_parent_objects, "value": self.chosen_label()}


class DifficultyBulkAction(SetFieldBulkAction):
    display_name = _("Change difficulty")
    action_type = "set_difficulty"
    aria_label = _("Change the difficulty of the selected questions")
    action_priority = 40
    form_class = DifficultyForm
    field = "difficulty"
    question_text = _("Change the difficulty of these questions? Their appraisal stays.")
    confirm_label = _("Yes, change the difficulty")

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d question is now “%(value)s”.",
            "%(count)d questions are now “%(value)s”.",
            num_parent_objects,
        ) % {"count": num_parent_objects, "value": self.chosen_label()}


ACTIONS = [AppraiseBulkAction, RetireBulkAction, AreaBulkAction, DifficultyBulkAction]
