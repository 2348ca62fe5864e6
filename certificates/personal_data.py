"""The certificates app's part of a person's data (registered in wagtail_hooks.py).

Deleting an account does not change the register. A certificate is an official document that
the issuing agency must keep and that anyone may verify, and the register row must match the
paper: it keeps what is printed on the certificate as issued (serial and register numbers, full
name, date of birth, unit, what was achieved and when, grade, issuing agency and signer) and its
status. Nothing else about the person is kept with it: the audit-log entries about the person's
certificates lose the name (they show the serial only), and the link to the account points at
the emptied account. No new certificate can be issued to a deleted account.
"""

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import PersonalDataSection, field_label, relabel_log_entries

from .models import Certificate

LABELS = {
    "certificates": Certificate._meta.verbose_name_plural,
    "document_type": field_label(Certificate, "document_type"),
    "serial": field_label(Certificate, "serial"),
    "register_number": field_label(Certificate, "register_number"),
    "title": field_label(Certificate, "title"),
    "achievement": field_label(Certificate, "achievement"),
    "period": field_label(Certificate, "period"),
    "grade": field_label(Certificate, "grade"),
    "issued_on": field_label(Certificate, "issued_on"),
    "status": field_label(Certificate, "status"),
    "holder_name": field_label(Certificate, "holder_name"),
    "date_of_birth": field_label(Certificate, "holder_birth_date"),
    "unit": field_label(Certificate, "unit_name"),
}


def export(user) -> dict:
    return {
        "certificates": [
            {
                "document_type": c.get_document_type_display(),
                "serial": c.serial,
                "register_number": c.register_number,
                "title": c.title,
                "achievement": c.achievement,
                "period": c.period,
                "grade": c.grade,
                "issued_on": c.issued_on,
                "status": c.get_status_display(),
                "holder_name": c.holder_name,
                "date_of_birth": c.holder_birth_date,
                "unit": c.unit_name,
            }
            for c in Certificate.objects.filter(holder=user).order_by("issued_on", "pk")
        ]
    }


def erase(user, now) -> None:
    relabel_log_entries(Certificate.objects.filter(holder=user), label=lambda c: c.serial)


SECTION = PersonalDataSection(
    name="certificates",
    label=_("Certificates"),
    export=export,
    erase=erase,
    labels=LABELS,
    on_deletion=_(
        "Certificates: the certificates issued to you stay in the certificate register, which "
        "the law requires us to keep, exactly as issued: serial and register numbers, full "
        "name, date of birth, unit, what was achieved and when, and the issuing agency. Anyone "
        "holding a certificate can still have it verified. Nothing else about you is kept with "
        "them."
    ),
    order=50,
)
