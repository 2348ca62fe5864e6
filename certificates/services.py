"""Every state change of certificates: issue, revoke, reissue, confirm a lost one, render, print.

Numbers (serial and register number) come from a counter row per agency, year and sequence,
locked with select_for_update in the same transaction as the certificate insert: if the insert
fails, the counter goes back too, so the register has neither gaps nor duplicates.
"""

import io
import logging
import re
import threading
import zipfile
from dataclasses import dataclass

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from common.parsing import parse_id
from common.vietnamese import fold

from . import rendering
from .models import BulkPrintJob, Certificate, CertificateTemplate, NumberCounter

MAX_NAME_LENGTH = 300

MESSAGES = {
    "already_issued": _("A certificate has already been issued to this person for this."),
    "no_template": _("No certificate template is set for this."),
    "not_valid": _("Only a valid certificate can be changed this way."),
    "not_reissuable": _(
        "Only a valid certificate can be reissued; a revoked or replaced certificate cannot."
    ),
    "not_original": _("A certification of completion can only be made for a certificate."),
    "bad_reason": _("Choose a reason for the revocation."),
    "name_too_long": _("The full name is longer than 300 characters; please shorten it."),
    "no_name": _("The person has no full name in their profile."),
    "holder_deleted": _("This person has deleted their account; no certificate can be issued."),
    "not_completed": _("The registration is not a confirmed completion."),
    "empty_print": _("There are no certificates to print for this selection."),
    "bad_group": _("Choose a course or a contest round to print."),
    "apps_missing": _("This kind of source is not available."),
    "bad_placeholder": _(
        "The text of the certificate template has a placeholder that cannot be filled: "
        "%(placeholder)s. Correct the template: write placeholders as {ho_ten}, with nothing "
        "after the name."
    ),
    "bad_braces": _(
        "The text of the certificate template has an unbalanced brace ({ or }). Correct the "
        "template: write placeholders as {ho_ten}; to print a brace, double it ({{ or }})."
    ),
}

#: Errors of the template itself: every issue from it fails the same way, so batches stop.
TEMPLATE_ERRORS = ("bad_placeholder", "bad_braces")


class CertificateError(Exception):
    def __init__(self, code, **params):
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self):
        return str(MESSAGES[self.code]) % self.params if self.params else str(MESSAGES[self.code])

    def __str__(self):
        return self.message


def _model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


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


def _schedule_render(certificate_id, *, force=False):
    from .tasks import render_certificate_task

    transaction.on_commit(lambda: render_certificate_task.enqueue(certificate_id, force=force))


def issue(*, template, holder, what: Achievement, issued_by=None, now=None):
    """Issue one certificate to `holder` for `what`; raises CertificateError("already_issued")."""
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
        body_text="\n".join(rendering.fill_body(template.body, values)),
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
            _schedule_render(certificate.pk)
    except IntegrityError as exc:
        # A concurrent issue for the same person and source won the race; the counters rolled back.
        raise CertificateError("already_issued") from exc
    return certificate


def _course_period(course):
    first, last = getattr(course, "first_day", None), getattr(course, "last_day", None)
    if first and last and first != last:
        return f"từ ngày {vn_date(first)} đến ngày {vn_date(last)}"
    if first:
        return f"ngày {vn_date(first)}"
    return ""


def course_achievement(registration):
    course = registration.course
    grade = ""
    score = registration.final_test_score
    if score is not None:
        grade = _grade_for_score(score)
    return Achievement(
        source_kind=Certificate.Source.COURSE,
        source_id=course.pk,
        group_key=f"course:{course.pk}",
        achievement=course.title,
        period=_course_period(course),
        grade=grade,
    )


def _grade_for_score(score):
    # Circular 03/2023 style grading on a 10-point scale.
    with translation.override("vi"):
        if score >= 9:
            return str(_("Excellent"))
        if score >= 7:
            return str(_("Good"))
        if score >= 5:
            return str(_("Pass"))
        return ""


def issue_for_registration(registration, *, template=None, issued_by=None, now=None):
    Registration = type(registration)
    if registration.status != Registration.Status.COMPLETED:
        raise CertificateError("not_completed")
    template = template or registration.course.certificate_template
    if template is None:
        raise CertificateError("no_template")
    return issue(
        template=template,
        holder=registration.person,
        what=course_achievement(registration),
        issued_by=issued_by,
        now=now,
    )


def _round_text(round_):
    return f"{round_.contest.title} – {round_.title}"


def _round_period(round_):
    return f"từ ngày {vn_date(timezone.localdate(round_.opens_at))} đến ngày " + vn_date(
        timezone.localdate(round_.closes_at)
    )


def issue_for_prize(prize, *, issued_by=None, now=None):
    """A prize certificate is once per person per round: contests recreate Prize rows whenever
    results are computed again (voiding an entry does), so the source is the round, not the
    prize row, and a recomputed result issues only to people who newly won."""
    round_ = prize.round
    template = round_.contest.certificate_template
    if template is None:
        raise CertificateError("no_template")
    with translation.override("vi"):
        grade = str(prize.get_level_display())
    unit = getattr(prize, "unit", None)
    return issue(
        template=template,
        holder=prize.person,
        what=Achievement(
            source_kind=Certificate.Source.PRIZE,
            source_id=round_.pk,
            group_key=f"round:{round_.pk}",
            achievement=_round_text(round_),
            period=_round_period(round_),
            grade=grade,
            unit_name=unit.name if unit else None,
        ),
        issued_by=issued_by,
        now=now,
    )


def issue_for_full_score(round_, person, unit=None, *, issued_by=None, now=None):
    template = round_.contest.certificate_template
    if template is None:
        raise CertificateError("no_template")
    with translation.override("vi"):
        grade = str(_("Full score"))
    return issue(
        template=template,
        holder=person,
        what=Achievement(
            source_kind=Certificate.Source.FULL_SCORE,
            source_id=round_.pk,
            group_key=f"round:{round_.pk}",
            achievement=_round_text(round_),
            period=_round_period(round_),
            grade=grade,
            unit_name=unit.name if unit else None,
        ),
        issued_by=issued_by,
        now=now,
    )


@dataclass
class BatchResult:
    issued: int = 0
    skipped: int = 0


def issue_for_course(course, *, issued_by=None, now=None):
    """Issue to every completed registration of a course that has no certificate yet."""
    if course.certificate_template is None:
        raise CertificateError("no_template")
    result = BatchResult()
    registrations = course.registrations.filter(status="completed").select_related(
        "person", "person__unit", "course"
    )
    for registration in registrations:
        try:
            issue_for_registration(registration, issued_by=issued_by, now=now)
            result.issued += 1
        except CertificateError as exc:
            if exc.code in TEMPLATE_ERRORS:
                raise
            result.skipped += 1
    return result


def issue_for_round(round_, *, include_full_score=False, issued_by=None, now=None):
    if round_.contest.certificate_template is None:
        raise CertificateError("no_template")
    result = BatchResult()
    for prize in round_.prizes.select_related("person", "person__unit", "round__contest"):
        try:
            issue_for_prize(prize, issued_by=issued_by, now=now)
            result.issued += 1
        except CertificateError as exc:
            if exc.code in TEMPLATE_ERRORS:
                raise
            result.skipped += 1
    if include_full_score:
        from contests.services import full_score_people

        for person, unit in full_score_people(round_):
            try:
                issue_for_full_score(round_, person, unit, issued_by=issued_by, now=now)
                result.issued += 1
            except CertificateError as exc:
                if exc.code in TEMPLATE_ERRORS:
                    raise
                result.skipped += 1
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
    _schedule_render(certificate.pk, force=True)
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
                rendering.fill_body(
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
        _schedule_render(old.pk, force=True)
        _schedule_render(new.pk)
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
        _schedule_render(new.pk)
    return new


# ------------------------------------------------------------------------------------------
# Rendering and bulk printing
# ------------------------------------------------------------------------------------------


def render(certificate_id, *, force=False):
    """Render and store a certificate's PDF; only when missing unless `force`."""
    certificate = Certificate.objects.select_related("template").get(pk=certificate_id)
    if certificate.pdf and not force:
        return certificate
    data = rendering.render_certificates([certificate])
    old_name = certificate.pdf.name if certificate.pdf else ""
    certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(data), save=False)
    certificate.rendered_at = timezone.now()
    # The status read above is the one printed; a revocation committed meanwhile leaves the two
    # different, and current_pdf() renders again.
    certificate.pdf_status = certificate.status
    Certificate.objects.filter(pk=certificate.pk).update(
        pdf=certificate.pdf.name,
        rendered_at=certificate.rendered_at,
        pdf_status=certificate.pdf_status,
    )
    if old_name and old_name != certificate.pdf.name:
        certificate.pdf.storage.delete(old_name)
    return certificate


def current_pdf(certificate):
    """`certificate` with a stored PDF that prints its current status: a revoked or replaced
    certificate is never handed out on a PDF that still looks valid, even if the task that
    stamps it has not run yet (or failed)."""
    if certificate.pdf and certificate.pdf_status == certificate.status:
        return certificate
    return render(certificate.pk, force=True)


def request_render(certificate, *, user=None):
    from .tasks import render_certificate_task

    log(certificate, "certificates.render", user=user)
    transaction.on_commit(lambda: render_certificate_task.enqueue(certificate.pk, force=True))


def print_groups():
    """(group_key, label) of every course and round that has certificates, newest first."""
    keys = list(Certificate.objects.order_by().values_list("group_key", flat=True).distinct()[:500])
    return [(key, group_label(key)) for key in sorted(keys, reverse=True)]


def group_label(group_key):
    kind, _sep, pk = group_key.partition(":")
    model = {"course": _model("courses.Course"), "round": _model("contests.Round")}.get(kind)
    pk = parse_id(pk)
    if model is None or pk is None:
        return group_key
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        return group_key
    if kind == "round":
        return str(_("Round: %(title)s") % {"title": _round_text(obj)})
    return str(_("Course: %(title)s") % {"title": obj.title})


def certificates_to_print(group_key):
    """Valid certificates only: a revoked or replaced one must not be printed and handed out."""
    return (
        Certificate.objects.filter(group_key=group_key, status=Certificate.Status.VALID)
        .select_related("template")
        .order_by("register_book", "register_no")
    )


def start_bulk_print(group_key, *, user=None):
    if not group_key or ":" not in group_key:
        raise CertificateError("bad_group")
    total = certificates_to_print(group_key).count()
    if total == 0:
        raise CertificateError("empty_print")
    from .tasks import bulk_print_task

    with transaction.atomic():
        job = BulkPrintJob.objects.create(
            group_key=group_key, label=group_label(group_key), requested_by=user, total=total
        )
        log(job, "certificates.bulk_print", user=user, data={"total": total})
        transaction.on_commit(lambda: bulk_print_task.enqueue(job.pk))
    return job


def run_bulk_print(job_id):
    """Render all certificates of a job as ONE WeasyPrint document (fonts, styles and images
    are loaded once), then cut the single PDFs for the ZIP out of that same PDF."""
    job = BulkPrintJob.objects.get(pk=job_id)
    BulkPrintJob.objects.filter(pk=job.pk).update(status=BulkPrintJob.Status.RUNNING, done=0)
    certificates = list(certificates_to_print(job.group_key))
    if not certificates:
        BulkPrintJob.objects.filter(pk=job.pk).update(
            status=BulkPrintJob.Status.FAILED, error=str(MESSAGES["empty_print"])
        )
        return job
    try:
        pdf_bytes, zip_bytes = _bulk_render(job, certificates)
    except Exception as exc:
        BulkPrintJob.objects.filter(pk=job.pk).update(
            status=BulkPrintJob.Status.FAILED, error=type(exc).__name__
        )
        raise
    job.refresh_from_db()
    job.pdf.save(f"chung-nhan-{job.pk}.pdf", ContentFile(pdf_bytes), save=False)
    job.zip_file.save(f"chung-nhan-{job.pk}.zip", ContentFile(zip_bytes), save=False)
    job.status = BulkPrintJob.Status.DONE
    job.done = len(certificates)
    job.total = len(certificates)
    job.finished_at = timezone.now()
    job.save(update_fields=["pdf", "zip_file", "status", "done", "total", "finished_at"])
    return job


class _LayoutProgress(logging.Handler):
    """Counts pages as WeasyPrint lays them out (its progress log), for this thread only, and
    stores the count on the job now and then: progress without splitting the document."""

    def __init__(self, job_id, total):
        super().__init__(logging.INFO)
        self.job_id, self.total = job_id, total
        self.thread = threading.get_ident()
        self.every = max(1, total // 50)
        self.last = 0

    def emit(self, record):
        if record.thread != self.thread:
            return
        match = re.search(r"Creating layout - Page (\d+)", record.getMessage())
        if not match:
            return
        page = int(match.group(1))
        if page - self.last >= self.every:
            self.last = page
            BulkPrintJob.objects.filter(pk=self.job_id).update(done=min(page, self.total - 1))


def _bulk_render(job, certificates):
    import weasyprint

    pages = [rendering.page_for(c) for c in certificates]
    html = rendering.build_html(pages, **rendering._metadata(pages))
    progress = _LayoutProgress(job.pk, len(pages))
    progress_logger = logging.getLogger("weasyprint.progress")
    old_level = progress_logger.level
    progress_logger.addHandler(progress)
    if not progress_logger.isEnabledFor(logging.INFO):
        progress_logger.setLevel(logging.INFO)
    try:
        document = weasyprint.HTML(
            string=html, base_url=None, url_fetcher=rendering.LocalOnlyFetcher()
        ).render()
    finally:
        progress_logger.removeHandler(progress)
        progress_logger.setLevel(old_level)
    pdf_bytes = rendering.write_pdf(document)
    return pdf_bytes, _zip_of_singles(certificates)


def _zip_of_singles(certificates):
    """The ZIP holds each certificate's own stored PDF, the very file rendered when it was issued
    (rendered now only if missing or out of date), so the archive costs no second layout pass."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in certificates:
            certificate = current_pdf(certificate)
            with certificate.pdf.open("rb") as handle:
                archive.writestr(f"{certificate.serial}.pdf", handle.read())
    return buffer.getvalue()


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


__all__ = ["CertificateTemplate"]
