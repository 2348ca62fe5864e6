from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.rich_text import get_rich_text_editor_widget

from common.reform import ReformArea

from . import search
from .models import (
    ANSWER_FEATURES,
    BODY_MAX_LENGTH,
    NAME_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Question,
)

OTHER_AREA = "khac"


#: Django fills in the limit and the length written.
TOO_LONG = _("At most %(limit_value)d characters, please shorten it (you wrote %(show_value)d).")


class QuestionForm(forms.Form):
    """The reader's form. Limits are checked here with clear messages; the browser's maxlength
    only helps."""

    kind = forms.ChoiceField(
        label=_("What are you sending?"),
        choices=Question.Kind.choices,
        initial=Question.Kind.QUESTION,
        widget=forms.RadioSelect,
    )
    area = forms.ChoiceField(
        label=pgettext_lazy("question", "Topic"),
        choices=[("", _("Choose a topic")), *ReformArea.choices, (OTHER_AREA, _("Other matters"))],
        error_messages={
            "required": _("Choose the topic your question is about."),
            "invalid_choice": _("Choose one of the topics in the list."),
        },
    )
    title = forms.CharField(
        label=pgettext_lazy("question", "Subject"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("One line, e.g. Thời hạn cấp lại giấy phép lái xe."),
        error_messages={
            "required": _("Write the subject of your question."),
            "max_length": TOO_LONG,
        },
    )
    body = forms.CharField(
        label=_("Your question or feedback"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Write your question or feedback."),
            "max_length": TOO_LONG,
        },
    )
    name = forms.CharField(
        label=_("Full name"),
        max_length=NAME_MAX_LENGTH,
        error_messages={"required": _("Write your name."), "max_length": TOO_LONG},
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("The answer is sent here. Never shown on the site."),
        error_messages={
            "required": _("Write the email address the answer should go to."),
            "invalid": _("Enter a valid email address, e.g. ten@example.vn."),
            "max_length": TOO_LONG,
        },
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        required=False,
        max_length=20,
        error_messages={"max_length": TOO_LONG},
    )
    unit = forms.CharField(
        label=_("Work unit or address (optional)"),
        required=False,
        max_length=200,
        error_messages={"max_length": TOO_LONG},
    )
    show_as = forms.ChoiceField(
        label=_("If your question is published, show it under"),
        choices=Question.ShowAs.choices,
        initial=Question.ShowAs.ANONYMOUS,
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label=_("I agree that my details are used as described above."),
        error_messages={"required": _("Please agree to how your details are used before sending.")},
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    # Left empty by people; bots that fill every field give themselves away.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_area(self):
        area = self.cleaned_data["area"]
        return "" if area == OTHER_AREA else area


class PublicFilterForm(forms.Form):
    """The public list's filters as GET parameters with Vietnamese names; a stale value is
    dropped, never an error."""

    q = forms.CharField(
        label=_("Search questions and answers"),
        required=False,
        max_length=search.MAX_QUERY_LENGTH,
        help_text=_("Whole words, with or without tone marks"),
    )
    chu_de = forms.ChoiceField(
        label=pgettext_lazy("question", "Topic"),
        required=False,
        choices=[("", _("All topics")), *ReformArea.choices, (OTHER_AREA, _("Other matters"))],
    )
    loai = forms.ChoiceField(
        label=pgettext_lazy("question", "Kind"),
        required=False,
        choices=[("", _("Questions and feedback")), *Question.Kind.choices],
    )

    def filters(self):
        if self.is_bound:
            self.is_valid()
        return getattr(self, "cleaned_data", {})


class AnswerForm(forms.ModelForm):
    """The editor's form: the reader's text stays as sent; the editor may correct the kind,
    topic and subject line shown publicly, and writes the answer."""

    class Meta:
        model = Question
        fields = ["kind", "area", "title", "show_as", "answer"]
        widgets = {"answer": get_rich_text_editor_widget(features=ANSWER_FEATURES)}
