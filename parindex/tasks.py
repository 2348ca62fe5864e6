"""Slow work of the PAR index, run by the task worker after the transaction commits."""

from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def remind_task(index_set_id, assessment_ids):
    """One email per reform officer of each unit that has not submitted yet."""
    from .models import Assessment

    assessments = (
        Assessment.objects.filter(
            pk__in=assessment_ids,
            index_set_id=index_set_id,
            status__in=(Assessment.Status.NOT_STARTED, Assessment.Status.IN_PROGRESS),
        )
        .select_related("index_set", "unit")
        .prefetch_related("unit__reform_officers__person")
    )
    sent = 0
    with translation.override("vi"):
        for assessment in assessments:
            closes = assessment.index_set.self_closes_at
            for officer in assessment.unit.reform_officers.all():
                send_mail(
                    _("PAR index: your unit has not submitted its self-assessment"),
                    _(
                        "%(unit)s has not yet submitted its self-assessment for %(set)s."
                        " Self-assessment closes at %(closes)s: %(url)s"
                    )
                    % {
                        "unit": assessment.unit.name,
                        "set": assessment.index_set,
                        "closes": closes.strftime("%H:%M %d/%m/%Y") if closes else "—",
                        "url": reverse("parindex:assessment", args=[assessment.pk]),
                    },
                    None,
                    [officer.person.email],
                )
                sent += 1
    return sent


@task()
def render_report_task(index_set_id):
    """Render the printable report in the background: right after publication, so the first
    reader does not wait, and whenever a large level's report (or preview) is asked for."""
    from . import report
    from .models import IndexSet

    index_set = IndexSet.objects.select_related("level").filter(pk=index_set_id).first()
    if index_set is None:
        return 0
    with translation.override("vi"):
        return len(report.render_and_store(index_set))
