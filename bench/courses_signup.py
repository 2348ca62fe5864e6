"""Sign-ups per second under contention for ONE course, against a plain insert endpoint.

Both endpoints run on the same stack in the same run (Django, sessions, CSRF, the same database,
a threaded WSGI server), so the ratio shows what locking and recounting the course costs.

    python -m bench.courses_signup                  # SQLite (a throwaway test database)
    DATABASE_URL=postgres://... python -m bench.courses_signup   # PostgreSQL (creates test_<name>)

Options through the environment: BENCH_USERS (default 300), BENCH_CLIENTS (default 32),
BENCH_CAPACITY (default 50).
"""

import http.client
import os
import queue
import threading
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_site.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.http import require_POST  # noqa: E402

from bench._site import in_test_database  # noqa: E402
from training_site.urls import urlpatterns as site_urlpatterns  # noqa: E402

USERS = int(os.environ.get("BENCH_USERS", 300))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 32))
CAPACITY = int(os.environ.get("BENCH_CAPACITY", 50))
CSRF = "b" * 32


@require_POST
def plain_insert(request):
    """Baseline: one authenticated INSERT, no lock, no recount, no email."""
    from courses.models import Course, Registration

    if not request.user.is_authenticated:
        return HttpResponse(status=403)
    course = Course.objects.only("pk").get(slug="bench-baseline")
    Registration.objects.create(course=course, person=request.user, status="confirmed")
    return HttpResponse(status=302, headers={"Location": "/"})


urlpatterns = [
    path("bench/insert/", plain_insert),
    *site_urlpatterns,
]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def serve():
    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=True)
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


def fire(port, path, cookies):
    """POST `path` once per cookie from CLIENTS threads; returns (seconds, statuses)."""
    jobs = queue.Queue()
    for cookie in cookies:
        jobs.put(cookie)
    statuses = []
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS + 1)

    def worker():
        barrier.wait()
        while True:
            try:
                cookie = jobs.get_nowait()
            except queue.Empty:
                return
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            conn.request(
                "POST",
                path,
                body="",
                headers={
                    "Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}; csrftoken={CSRF}",
                    "X-CSRFToken": CSRF,
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            status = conn.getresponse().status
            conn.close()
            with lock:
                statuses.append(status)

    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, statuses


def main():
    return in_test_database("bench.courses_signup", run)


def failures(name, statuses, expected):
    """Problems with one batch of responses: server errors (5xx) or requests never answered."""
    problems = []
    errors = [status for status in statuses if status >= 500]
    if errors:
        problems.append(f"{name}: {len(errors)} server errors {sorted(set(errors))}")
    if len(statuses) != expected:
        problems.append(f"{name}: {expected - len(statuses)} requests got no response")
    return problems


def run():
    from django.test import Client

    from courses.models import Course, Registration
    from tests.courses.factories import CourseFactory
    from tests.factories import UnitFactory, UserFactory

    unit = UnitFactory()
    people = [UserFactory(unit=unit, verified=False) for _ in range(USERS)]
    cookies = []
    for person in people:
        client = Client()
        client.force_login(person)
        cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    contended = CourseFactory(slug="bench-contended", capacity=CAPACITY)
    CourseFactory(slug="bench-baseline", capacity=USERS)
    connection.close()  # the server threads open their own connections

    server = serve()
    port = server.server_address[1]
    try:
        base_seconds, base_statuses = fire(port, "/bench/insert/", cookies)
        sign_seconds, sign_statuses = fire(port, "/khoa-hoc/bench-contended/dang-ky/", cookies)
    finally:
        server.shutdown()
        server.server_close()

    seated = Registration.objects.filter(course=contended, status__in=Registration.SEATED).count()
    waiting = Registration.objects.filter(course=contended, status="waitlisted").count()
    base_rate = USERS / base_seconds
    sign_rate = USERS / sign_seconds
    vendor = connection.vendor
    print(f"database: {vendor}; {USERS} users, {CLIENTS} concurrent clients, capacity {CAPACITY}")
    print(f"baseline plain insert : {base_rate:8.1f} req/s  statuses {sorted(set(base_statuses))}")
    print(f"sign-up, one course   : {sign_rate:8.1f} req/s  statuses {sorted(set(sign_statuses))}")
    print(f"ratio sign-up / insert: {sign_rate / base_rate:.2f}")
    print(f"seats taken {seated} of {CAPACITY}, waiting list {waiting}")
    problems = failures("baseline", base_statuses, USERS) + failures(
        "sign-up", sign_statuses, USERS
    )
    if not (seated == CAPACITY and seated + waiting == USERS):
        problems.append("capacity rule broken")
    if Course.objects.count() != 2:
        problems.append("unexpected courses")
    for problem in problems:
        print(f"FAILED {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
