"""Questions' row on the admin's "Today" panel (see common/dashboard.py): new questions waiting
for an answer, for whoever may answer them."""

from django.urls import reverse
from django.utils.translation import gettext as _

from common.dashboard import TodayRow

from .models import Question


def rows(user, now):
    if not user.has_perm("qa.change_question"):
        return []
    return [
        TodayRow(
            label=_("Readers' questions awaiting an answer"),
            count=Question.objects.filter(status=Question.Status.NEW).count(),
            url=reverse("wagtailsnippets_qa_question:list") + f"?status={Question.Status.NEW}",
            icon="help",
            order=65,
        )
    ]
