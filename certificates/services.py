"""Every state change of certificates: issue, revoke, reissue, confirm a lost one.

Numbers (serial and register number) come from a counter row per agency, year and sequence,
locked with select_for_update in the same transaction as the certificate insert: if the insert
fails, the counter goes back too, so the register has neither gaps nor duplicates.

This module knows no course or contest: the apps that owe people certificates say what each is
for (`Achievement`) and call `issue()` (see `sources`). Bulk printing is in `printing`, the
stored PDFs in `pdfs`.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from common.vietnamese import fold

from .errors import TEMPLATE_ERRORS, CertificateError
from .models import Certificate, NumberCounter
from .pdfs import render_after_commit
from .placeholders import fill_body

MAX_NAME_LENGTH = 300


def vn_date(value):
    return value.strftime("%d/%m/%Y") if value else ""


# ------------------------------------------------------------------------------------------
# Numbering
# ------------------------------------------------------------------------------------------


def _next_number(agency_code, year, sequence):
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Certificate numbers must be allocated inside a transaction.")
    counter, _created = NumberCounter.objects.select_for_update().get_or_create(
        agency_code=agency_code, year=year, sequence=sequence
    )
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return counter.last_value


def format_serial(agency_code, year, number):
    return f"{agency_code}-{year}-{number:06d}"


def format_register_number(agency_code, year, book, number):
    return f"{number:04d}/{year}/{book}-{agency_code}"


def _assign_numbers(certificate):
    year = certificate.issued_on.year
    certificate.year = year
    certificate.serial_no = _next_number(certificate.agency_code, year, "serial")
    certificate.serial = format_serial(certificate.agency_code, year, certificate.serial_no)
    certificate.register_no = _next_number(
        certificate.agency_code, year, f"book-{certificate.register_book}"
    )
    certificate.register_number = format_register_number(
        certificate.agency_code, year, certificate.register_book, certificate.register_no
    )


# ------------------------------------------------------------------------------------------
# Issuing
# ------------------------------------------------------------------------------------------


@dataclass
class Achievement:
    """What a certificate is for, as printed."""

    source_kind: str
    source_id: int
    group_key: str
    achievement: str
    period: str = ""
    grade: str = ""
    unit_name: str | None = None


def issue(*, template, holder, what: Achievement, issued_by=None, now=None):
    """Issue one certificate to `holder` for `what`; raises CertificateError("already_issued")
    when `holder` already has a live one for the same source kind and id."""
    now = now or timezone.now()
    if template is None:
        raise CertificateError("no_template")
    if getattr(holder, "anonymised_at", None):
        # The account was deleted: its name is the anonymised label, not the person's.
        raise CertificateError("holder_deleted")
    name = (holder.full_name or "").strip()
    if not name:
        raise CertificateError("no_name")
    if len(name) > MAX_NAME_LENGTH:
        raise CertificateError("name_too_long")
    unit_name = what.unit_name
    if unit_name is None:
        unit_name = holder.unit.name if getattr(holder, "unit_id", None) else ""
    birth = holder.date_of_birth
    values = {
        "ho_ten": name,
        "ngay_sinh": vn_date(birth),
        "don_vi": unit_name,
        "noi_dung": what.achievement,
        "thoi_gian": what.period,
        "xep_loai": what.grade,
    }
    issued_on = timezone.localdate(now)
    certificate = Certificate(
        template=template,
        source_kind=what.source_kind,
        source_id=what.source_id,
        group_key=what.group_key,
        holder=holder,
        holder_name=name,
        holder_birth_date=birth,
        unit_name=unit_name[:300],
        achievement=what.achievement[:500],
        period=what.period[:200],
        grade=what.grade[:200],
        agency=template.agency,
        parent_agency=template.parent_agency,
        agency_code=template.agency_code,
        title=template.title,
        body_text="\n".join(fill_body(template.body, values)),
        place_name=template.effective_place_name,
        signer_title=template.signer_title,
        signer_name=template.signer_name,
        issued_on=issued_on,
        register_book=template.register_book,
        issued_by=issued_by,
    )
    try:
        with transaction.atomic():
            duplicate = (
                Certificate.objects.filter(
                    source_kind=what.source_kind,
                    source_id=what.source_id,
                    holder=holder,
                    document_type=Certificate.DocumentType.CERTIFICATE,
                )
                .exclude(status=Certificate.Status.REPLACED)
                .exists()
            )
            if duplicate:
                raise CertificateError("already_issued")
            _assign_numbers(certificate)
            certificate.save()
            log(
                certificate,
                "certificates.issue",
                user=issued_by,
                data={"serial": certificate.serial, "register_number": certificate.register_number},
            )
            render_after_commit(certificate.pk)
    except IntegrityError as exc:
        # A concurrent issue for the same person and source won the race; the counters rolled back.
        raise CertificateError("already_issued") from exc
    return certificate


@dataclass
class BatchResult:
    issued: int = 0
    skipped: int = 0


def issue_each(items, issue_one):
    """Call `issue_one(item)` for every item, counting what was issued and what was skipped
    (already issued, no name...). A broken template fails every issue the same way: the batch
    stops with that error instead of counting everyone as skipped."""
    result = BatchResult()
    for item in items:
        try:
            issue_one(item)
        except CertificateError as error:
            if error.code in TEMPLATE_ERRORS:
                raise
            result.skipped += 1
        else:
            result.issued += 1
    return result


# ------------------------------------------------------------------------------------------
# Lifecycle
# ------------------------------------------------------------------------------------------


def _locked(certificate):
    return Certificate.objects.select_for_update().get(pk=certificate.pk)


@transaction.atomic
def revoke(certificate, *, reason, note="", user=None, now=None):
    now = now or timezone.now()
    if reason not in Certificate.RevokeReason.values:
        raise CertificateError("bad_reason")
    certificate = _locked(certificate)
    if certificate.status != Certificate.Status.VALID:
        raise CertificateError("not_valid")
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_at = now
    certificate.revoke_reason = reason
    certificate.revoke_note = note
    certificate.save(update_fields=["status", "revoked_at", "revoke_reason", "revoke_note"])
    log(certificate, "certificates.revoke", user=user, data={"reason": reason})
    # The stored PDF says "valid": render it again, stamped (current_pdf() covers the moments
    # before the task has run).
    render_after_commit(certificate.pk, force=True)
    return certificate


SNAPSHOT_FIELDS = (
    "template",
    "document_type",
    "source_kind",
    "source_id",
    "group_key",
    "holder",
    "holder_name",
    "holder_birth_date",
    "unit_name",
    "achievement",
    "period",
    "grade",
    "agency",
    "parent_agency",
    "agency_code",
    "title",
    "body_text",
    "place_name",
    "signer_title",
    "signer_name",
    "register_book",
    "confirms",
)


def reissue(certificate, *, user=None, now=None, from_template=True):
    """Issue a new certificate with new numbers in place of a VALID `certificate`, which becomes
    REPLACED (a revoked or replaced one is refused).

    With `from_template`, the text is rebuilt from the template and the holder's current name
    (the usual case after an issuer error was corrected); otherwise the old text is kept.
    """
    now = now or timezone.now()
    with transaction.atomic():
        old = _locked(certificate)
        # A revoked certificate stays revoked: turning it into "replaced" would hide the
        # revocation from the public check.
        if old.status != Certificate.Status.VALID:
            raise CertificateError("not_reissuable")
        new = Certificate(**{field: getattr(old, field) for field in SNAPSHOT_FIELDS})
        if from_template and old.document_type == Certificate.DocumentType.CERTIFICATE:
            template = old.template
            # A deleted account has no name any more: the register's own copy is the name.
            deleted = old.holder.anonymised_at is not None
            name = (old.holder_name if deleted else old.holder.full_name or old.holder_name).strip()
            if len(name) > MAX_NAME_LENGTH:
                raise CertificateError("name_too_long")
            new.holder_name = name
            new.agency, new.parent_agency = template.agency, template.parent_agency
            new.agency_code, new.title = template.agency_code, template.title
            new.signer_title, new.signer_name = template.signer_title, template.signer_name
            new.place_name, new.register_book = (
                template.effective_place_name,
                template.register_book,
            )
            new.body_text = "\n".join(
                fill_body(
                    template.body,
                    {
                        "ho_ten": name,
                        "ngay_sinh": vn_date(old.holder_birth_date),
                        "don_vi": old.unit_name,
                        "noi_dung": old.achievement,
                        "thoi_gian": old.period,
                        "xep_loai": old.grade,
                    },
                )
            )
        old.status = Certificate.Status.REPLACED
        old.save(update_fields=["status"])
        new.issued_on = timezone.localdate(now)
        new.replaces = old
        new.issued_by = user
        _assign_numbers(new)
        new.save()
        log(old, "certificates.replace", user=user, data={"replacement": new.serial})
        log(new, "certificates.reissue", user=user, data={"replaces": old.serial})
        render_after_commit(old.pk, force=True)
        render_after_commit(new.pk)
    return new


def certify_completion(certificate, *, user=None, now=None):
    """A certification of completion (giấy xác nhận) in place of a lost certificate."""
    now = now or timezone.now()
    with transaction.atomic():
        original = _locked(certificate)
        if original.document_type != Certificate.DocumentType.CERTIFICATE:
            raise CertificateError("not_original")
        if original.status != Certificate.Status.VALID:
            raise CertificateError("not_valid")
        with translation.override("vi"):
            title = str(_("CERTIFICATION OF COMPLETION"))
            body = str(
                _(
                    "Certifies that %(name)s was issued %(title)s No. %(serial)s, "
                    "register No. %(register)s, dated %(date)s, for: %(what)s."
                )
                % {
                    "name": original.holder_name,
                    "title": original.title.lower(),
                    "serial": original.serial,
                    "register": original.register_number,
                    "date": vn_date(original.issued_on),
                    "what": original.achievement,
                }
            )
            tail = str(_("This certification is issued in place of the lost original."))
        new = Certificate(**{field: getattr(original, field) for field in SNAPSHOT_FIELDS})
        new.document_type = Certificate.DocumentType.CONFIRMATION
        new.confirms = original
        new.title = title
        new.body_text = f"{body}\n{tail}"
        new.register_book = "XN"
        new.issued_on = timezone.localdate(now)
        new.issued_by = user
        _assign_numbers(new)
        new.save()
        log(original, "certificates.certify_lost", user=user, data={"confirmation": new.serial})
        render_after_commit(new.pk)
    return new


def request_render(certificate, *, user=None):
    """Render the stored PDF again (an organizer's button), after commit."""
    log(certificate, "certificates.render", user=user)
    render_after_commit(certificate.pk, force=True)


# ------------------------------------------------------------------------------------------
# Public check
# ------------------------------------------------------------------------------------------


def _name_key(name):
    return " ".join(fold(name).split())


def find_for_check(serial, *, full_name="", birth_year=None):
    """The certificate with this serial number whose holder has this full name (tones, case
    and spacing ignored) and/or was born in this year, or None.

    Serial numbers run in sequence, so a serial alone must reveal nothing: the caller gets the
    same None for an unknown serial and for a wrong name or year. Everything given must match."""
    if not full_name and birth_year is None:
        return None
    certificate = (
        Certificate.objects.select_related("replacement", "confirms")
        .filter(serial__iexact=serial)
        .first()
    )
    if certificate is None:
        return None
    if full_name and _name_key(full_name) != _name_key(certificate.holder_name):
        return None
    if birth_year is not None and (
        certificate.holder_birth_date is None or certificate.holder_birth_date.year != birth_year
    ):
        return None
    return certificate
