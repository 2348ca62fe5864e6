"""What other apps may read from certificates."""

from .models import Certificate


def valid_certificates(holder, source_kind, source_ids) -> dict:
    """{source id: the holder's valid certificate for it} for one kind of source (one query)."""
    if holder is None or not source_ids:
        return {}
    certificates = Certificate.objects.filter(
        holder=holder,
        source_kind=source_kind,
        source_id__in=list(source_ids),
        status=Certificate.Status.VALID,
    ).order_by("issued_on", "pk")
    return {certificate.source_id: certificate for certificate in certificates}
