"""An organizer's mailing to a large class: emails per second and queries of `messaging.send`
(batches of 50: one query for the people and one progress update per batch), against two
baselines in the same run on the same data:

- "render only": the same emails built and handed to the same mail backend, people already in
  memory, no progress stored (the floor: what the text and the backend cost);
- "one by one": the naive task, loading each person and storing progress after each email.

    python -m bench.common_mailing                  # SQLite (a throwaway test database)
    DATABASE_URL=postgres://... python -m bench.common_mailing

BENCH_PEOPLE (default 1000).
"""

import os
import time
import uuid

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_site.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench._site import in_test_database  # noqa: E402
from training_site.urls import urlpatterns as site_urlpatterns  # noqa: E402

PEOPLE = int(os.environ.get("BENCH_PEOPLE", 1000))
urlpatterns = [*site_urlpatterns]


def run():
    from django.core import mail
    from django.core.mail import get_connection
    from django.db.models import F
    from django.utils import timezone

    from accounts.models import Unit, User
    from common import messaging
    from common.models import Mailing
    from courses.models import Course, Registration

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    now = timezone.now()
    unit = Unit.objects.create(name="Ủy ban nhân dân xã Hòa Bình", code="bench", kind="commune")
    course = Course.objects.create(
        title="Lớp bồi dưỡng kỹ năng CCHC", slug="bench", capacity=PEOPLE, status="published"
    )
    people = User.objects.bulk_create(
        User(email=f"hocvien{n}@example.gov.vn", full_name=f"Nguyễn Văn {n}", unit=unit)
        for n in range(PEOPLE)
    )
    Registration.objects.bulk_create(
        Registration(course=course, person=p, status="confirmed", queued_at=now) for p in people
    )
    audience = messaging.get_audience("courses.course")
    subject, body = "Nhắc lịch học {khoa_hoc}", "Kính gửi {ho_ten} ({don_vi}),\nLớp học lúc 8 giờ."

    ids = list(audience.recipients(course, "confirmed"))

    def create():
        # Recorded as create_mailing records it, without its enqueueing (the test settings'
        # task backend would send it at once).
        return Mailing.objects.create(
            audience=audience.name,
            object_id=course.pk,
            object_label=course.title,
            filter="confirmed",
            filter_label="Đã xác nhận",
            subject=subject,
            body=body,
            key=uuid.uuid4(),
            recipients=ids,
            total=len(ids),
        )

    # Baseline 1: render and send only.
    loaded = list(User.objects.filter(pk__in=[p.pk for p in people]).select_related("unit"))
    values = audience.values(course)
    start = time.perf_counter()
    with get_connection() as conn:
        for person in loaded:
            message = messaging.build_message(audience, course, person, subject, body, values)
            message.connection = conn
            message.send()
    floor = time.perf_counter() - start

    # Baseline 2: one by one (a query for the person and a progress update per email).
    naive_mailing = create()
    mail.outbox = []
    with CaptureQueriesContext(connection) as naive_queries:
        start = time.perf_counter()
        for index, pk in enumerate(naive_mailing.recipients):
            person = User.objects.select_related("unit").get(pk=pk)
            messaging.build_message(audience, course, person, subject, body, values).send()
            Mailing.objects.filter(pk=naive_mailing.pk).update(
                position=index + 1, sent=F("sent") + 1
            )
        naive = time.perf_counter() - start

    # The task's work.
    batched_mailing = create()
    mail.outbox = []
    with CaptureQueriesContext(connection) as batched_queries:
        start = time.perf_counter()
        messaging.send(batched_mailing.pk)
        batched = time.perf_counter() - start
    assert len(mail.outbox) == PEOPLE

    print(f"{PEOPLE} people, {connection.vendor}")
    print(f"render only : {PEOPLE / floor:8.0f} emails/s")
    print(
        f"one by one  : {PEOPLE / naive:8.0f} emails/s, {len(naive_queries)} queries "
        f"({floor / naive:.2f}× the floor)"
    )
    print(
        f"batched task: {PEOPLE / batched:8.0f} emails/s, {len(batched_queries)} queries "
        f"({floor / batched:.2f}× the floor, {naive / batched:.2f}× one by one)"
    )


if __name__ == "__main__":
    in_test_database(__name__, run)
