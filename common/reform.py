"""The provincial reform programme's areas, shared by every app that sorts things by area
(contest questions, legal documents)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReformArea(models.TextChoices):
    """The seven areas of the provincial reform programme."""

    LEADERSHIP = "leadership", _("Leadership and direction")
    INSTITUTIONS = "institutions", _("Institutional reform")
    PROCEDURES = "procedures", _("Administrative procedures")
    ORGANISATION = "organisation", _("Organisational structure")
    CIVIL_SERVICE = "civil_service", _("Civil service")
    PUBLIC_FINANCE = "public_finance", _("Public finance")
    DIGITAL = "digital", _("E-government and digital government")
