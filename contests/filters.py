"""The question bank listing's filters: area, difficulty, status, entrant group, kind, author and
the round a question was drawn in (rounds newest first, each named with its contest)."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from .models import Question, Round, RoundQuestion


class AuthorChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, user):
        return user.full_name or user.email


class AuthorFilter(django_filters.ModelChoiceFilter):
    field_class = AuthorChoiceField


class RoundChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, round_):
        return f"{round_.contest.title} – {round_.title}"


class RoundFilter(django_filters.ModelChoiceFilter):
    field_class = RoundChoiceField


def _authors(request):
    authored = Question.objects.filter(author=OuterRef("pk"))
    return get_user_model().objects.filter(Exists(authored)).order_by("full_name", "email")


def _rounds(request):
    return Round.objects.select_related("contest").order_by("-opens_at", "-pk")


class QuestionFilterSet(WagtailFilterSet):
    author = AuthorFilter(label=_("Author"), queryset=_authors)
    used_in_round = RoundFilter(
        label=_("Drawn in the round"), queryset=_rounds, method="filter_used_in_round"
    )

    class Meta:
        model = Question
        fields = ["area", "difficulty", "status", "audience", "kind", "author"]

    def filter_used_in_round(self, queryset, name, value):
        if not value:
            return queryset
        used = RoundQuestion.objects.filter(round=value, question=OuterRef("pk"))
        return queryset.filter(Exists(used))
