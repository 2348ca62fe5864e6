"""The PAR index's part of a person's data (registered in wagtail_hooks.py).

The index is about units, not people: what it holds about a person is which units they self-assess
for or appraise, which evidence files they uploaded, and the name of a head who approved a report.
Deleting the account ends the roles and removes the person from the assessments' records (the
scores and evidence files stay: they are the unit's)."""

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import PersonalDataSection, erased_name, field_label

from .models import AppraiserAssignment, Assessment, Evidence, UnitOfficer

LABELS = {
    "reform_units": UnitOfficer._meta.verbose_name_plural,
    "appraisals": AppraiserAssignment._meta.verbose_name_plural,
    "evidence": Evidence._meta.verbose_name_plural,
    "unit": field_label(UnitOfficer, "unit"),
    "added_at": field_label(UnitOfficer, "added_at"),
    "index_set": field_label(AppraiserAssignment, "index_set"),
    "file_name": field_label(Evidence, "original_name"),
    "uploaded_at": field_label(Evidence, "uploaded_at"),
}


def export(user) -> dict:
    return {
        "reform_units": [
            {"unit": o.unit.name, "added_at": o.added_at}
            for o in UnitOfficer.objects.filter(person=user).select_related("unit")
        ],
        "appraisals": [
            {"index_set": str(a.index_set), "unit": a.unit.name}
            for a in AppraiserAssignment.objects.filter(appraiser=user).select_related(
                "index_set__level", "unit"
            )
        ],
        "evidence": [
            {"file_name": e.original_name, "uploaded_at": e.uploaded_at}
            for e in Evidence.objects.filter(uploaded_by=user)
        ],
    }


def erase(user, now) -> None:
    UnitOfficer.objects.filter(person=user).delete()
    AppraiserAssignment.objects.filter(appraiser=user).delete()
    Evidence.objects.filter(uploaded_by=user).update(uploaded_by=None)
    Assessment.objects.filter(submitted_by=user).update(submitted_by=None)
    Assessment.objects.filter(updated_by=user).update(updated_by=None)
    if user.full_name:
        Assessment.objects.filter(approved_by_name=user.full_name).update(
            approved_by_name=erased_name()
        )


SECTION = PersonalDataSection(
    name="parindex",
    label=_("PAR index"),
    export=export,
    erase=erase,
    labels=LABELS,
    on_deletion=_(
        "PAR index: your roles as a unit's reform officer or appraiser end, and your name is"
        " removed from assessments; the units' scores and evidence files stay."
    ),
    order=60,
)
