"""The certificates' rows on the admin's "Today" panel (see common/dashboard.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from common.dashboard import TodayRow

from .models import BulkPrintJob


def rows(user, now):
    if not user.has_perm("certificates.print_certificate"):
        return []
    running = (BulkPrintJob.Status.PENDING, BulkPrintJob.Status.RUNNING)
    return [
        TodayRow(
            label=_("Bulk prints running"),
            count=BulkPrintJob.objects.filter(status__in=running).count(),
            url=reverse("certificates_print:index"),
            icon="download",
            order=90,
        )
    ]
