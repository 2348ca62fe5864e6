"""50 certificates issued at once from 50 threads, each with its own database connection."""

import threading

import pytest
from django.db import connection

from certificates import services
from certificates.errors import CertificateError
from certificates.models import Certificate, NumberCounter
from tests.certificates.factories import CertificateTemplateFactory
from tests.factories import UserFactory

N = 50


def _run_in_threads(target, count):
    barrier = threading.Barrier(count)
    errors = []

    def worker(i):
        try:
            barrier.wait()
            target(i)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_issues_get_numbers_without_gaps_or_duplicates():
    template = CertificateTemplateFactory()
    people = [UserFactory() for _ in range(N)]

    def issue(i):
        services.issue(
            template=template,
            holder=people[i],
            what=services.Achievement(
                source_kind="other", source_id=i, group_key="course:1", achievement="Lớp A"
            ),
        )

    errors = [e for e in _run_in_threads(issue, N) if not isinstance(e, CertificateError)]
    assert not errors, errors
    serials = sorted(Certificate.objects.values_list("serial_no", flat=True))
    registers = sorted(Certificate.objects.values_list("register_no", flat=True))
    assert serials == list(range(1, N + 1))
    assert registers == list(range(1, N + 1))
    assert NumberCounter.objects.get(sequence="serial").last_value == N


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_duplicate_issues_give_one_certificate_and_no_gap():
    template = CertificateTemplateFactory()
    person = UserFactory()

    def issue(_i):
        services.issue(
            template=template,
            holder=person,
            what=services.Achievement(
                source_kind="other", source_id=1, group_key="course:1", achievement="Lớp A"
            ),
        )

    errors = _run_in_threads(issue, 20)
    assert len(errors) == 19
    assert all(isinstance(e, CertificateError) for e in errors)
    assert all(e.code == "already_issued" for e in errors)
    assert Certificate.objects.count() == 1
    assert NumberCounter.objects.get(sequence="serial").last_value == 1
