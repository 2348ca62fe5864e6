"""Benchmark: quiz answer saving and submitting, requests per second, against two trivial Django
views on the same live server in the same run (one that never reads the session, and a logged-in
one that loads the session and the user as every quiz request does); then computing results for
100,000 attempts against a plain SQL ORDER BY over the same rows.

Run from the repository root:  python -m bench.contests_quiz  [--people 64] [--attempts 100000]
Uses a fresh test database (SQLite file, or PostgreSQL when DATABASE_URL is set; REDIS_URL puts
sessions and rate limits in Redis as in production). `--attempts 0` skips the results part.
The round-start load test with separate server processes is bench/locust_round.py.
"""

import argparse
import http.client
import json
import os
import random
import threading
import time
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_site.settings.test")

import django

django.setup()

from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

from bench._contests import closed_round, open_round, question_bank  # noqa: E402
from training_site.urls import urlpatterns as site_urlpatterns  # noqa: E402


def minimal(request):
    return HttpResponse("ok")


def logged_in(request):
    """The trivial view a quiz request is compared with: the session and the user loaded."""
    return HttpResponse(str(request.user.pk))


urlpatterns = [
    path("bench/minimal/", minimal),
    path("bench/me/", logged_in),
    *site_urlpatterns,
]


def run_load(host, port, requests_for_thread, threads, seconds=None):
    """Each thread sends its own list of requests on a keep-alive connection; returns RPS."""
    done = [0] * threads
    errors = [0] * threads
    start_gate = threading.Barrier(threads + 1)
    stop_at = [None]

    def worker(index):
        connection = http.client.HTTPConnection(host, port, timeout=60)
        requests = requests_for_thread(index)
        start_gate.wait()
        for method, url, body, headers in requests:
            if seconds is not None and time.perf_counter() >= stop_at[0]:
                break
            try:
                connection.request(method, url, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
            except (ConnectionError, http.client.HTTPException):
                # The test server closes idle keep-alive connections: reconnect, count it.
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=60)
                errors[index] += 1
                continue
            if response.status >= 400:
                errors[index] += 1
            done[index] += 1
        connection.close()

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in workers:
        thread.start()
    started = time.perf_counter()
    stop_at[0] = started + (seconds or 0)
    start_gate.wait()
    for thread in workers:
        thread.join()
    elapsed = time.perf_counter() - started
    return sum(done) / elapsed, sum(done), sum(errors)


def session_for(user):
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


def http_benchmark(people, seconds):
    from django.conf import settings
    from django.test.testcases import LiveServerThread
    from django.test.utils import override_settings

    from accounts.models import Unit, User
    from contests import services, views

    views.SAVE_LIMIT = (10**9, 60)  # the limit is still checked on every save, never reached
    unit = Unit.objects.create(code="BENCH", name="Đơn vị đo", kind="department", headcount=10)
    question_bank(60)
    contest, group, round_ = open_round(
        title="Đo tải",
        slug="do-tai",
        round_title="Tuần đo",
        opened_ago=timedelta(hours=1),
        time_limit_minutes=60,
        attempts_allowed=1000,
        blueprint=[2] * 7,
    )
    csrf = "b" * 32
    users = []
    for n in range(people):
        user = User.objects.create(email=f"do{n}@bench.local", full_name=f"Người đo {n}", unit=unit)
        services.create_entry(contest, user, group=group, unit=unit, consent=True)
        users.append((user, session_for(user)))

    def headers(session, json_body=False):
        result = {
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Referer": "http://localhost/",
        }
        if json_body:
            result["Content-Type"] = "application/json"
        return result

    with override_settings(ROOT_URLCONF="bench.contests_quiz", ALLOWED_HOSTS=["*"]):
        server = LiveServerThread("localhost", static_handler=lambda app: app)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        host, port = "localhost", server.port
        threads = min(32, people)
        many = 10**7

        def baseline_requests(index):
            user, session = users[index]
            return (("GET", "/bench/minimal/", None, headers(session)) for _ in range(many))

        def logged_in_requests(index):
            user, session = users[index]
            return (("GET", "/bench/me/", None, headers(session)) for _ in range(many))

        attempts = {}
        for user, _session in users:
            attempts[user.pk] = services.start_attempt(round_, user)

        def save_requests(index):
            user, session = users[index]
            attempt = attempts[user.pk]
            rng = random.Random(index)

            def generate():
                for _ in range(many):
                    question_id = rng.choice(attempt.draw)[0]
                    body = json.dumps({"question": question_id, "choices": [rng.randrange(4)]})
                    yield (
                        "POST",
                        f"/cuoc-thi/bai-thi/{attempt.pk}/luu/",
                        body,
                        headers(session, True),
                    )

            return generate()

        base_rps, base_n, base_err = run_load(host, port, baseline_requests, threads, seconds)
        me_rps, me_n, me_err = run_load(host, port, logged_in_requests, threads, seconds)
        save_rps, save_n, save_err = run_load(host, port, save_requests, threads, seconds)
        base2_rps, _, _ = run_load(host, port, baseline_requests, threads, seconds)
        me2_rps, _, _ = run_load(host, port, logged_in_requests, threads, seconds)

        # Submitting: every request grades a different person's open attempt, 8 answers saved
        # before; the request carries the whole form, as the page's submit button sends it.
        from urllib.parse import urlencode

        from contests.models import Attempt as AttemptModel

        per_thread = 10
        submit_batches = []
        ids = []
        for index in range(threads):
            batch = []
            for k in range(per_thread):
                user = User.objects.create(
                    email=f"nop{index}-{k}@bench.local",
                    full_name=f"Người nộp {index}-{k}",
                    unit=unit,
                )
                services.create_entry(contest, user, group=group, unit=unit, consent=True)
                attempt = services.start_attempt(round_, user)
                for question_id, choice_ids, _several in attempt.draw[:8]:
                    services.save_answer(attempt.pk, user, question_id, [choice_ids[0]])
                ids.append(attempt.pk)
                form = urlencode(
                    [(f"q-{question_id}", "0") for question_id, _c, _s in attempt.draw[:8]]
                    + [("prediction", "")]
                )
                batch.append(
                    (
                        "POST",
                        f"/cuoc-thi/bai-thi/{attempt.pk}/nop/",
                        form,
                        {
                            **headers(session_for(user)),
                            "Content-Type": "application/x-www-form-urlencoded",
                        },
                    )
                )
            submit_batches.append(batch)
        submit_rps, submit_n, submit_err = run_load(
            host, port, lambda index: submit_batches[index], threads
        )
        graded = AttemptModel.objects.filter(pk__in=ids, score__isnull=False).count()
        server.terminate()

    baseline = (base_rps + base2_rps) / 2
    me = (me_rps + me2_rps) / 2
    print(
        f"database: {django.db.connection.vendor}; sessions: {settings.SESSION_ENGINE}; "
        f"{threads} client threads; {seconds}s per phase"
    )
    print(
        f"minimal view (no session): {baseline:8.1f} req/s ({base_n} requests, {base_err} errors)"
    )
    print(f"logged-in trivial view:    {me:8.1f} req/s ({me_n} requests, {me_err} errors)")
    print(
        f"save answer (JSON):        {save_rps:8.1f} req/s ({save_n} requests, {save_err} errors)"
        f"  ratio {save_rps / me:.2f} of logged-in ({save_rps / baseline:.2f} of minimal)"
    )
    print(
        f"submit and grade (form):   {submit_rps:8.1f} req/s ({submit_n} requests, {submit_err}"
        f" errors, {graded}/{len(ids)} graded)  ratio {submit_rps / me:.2f} of logged-in"
        f" ({submit_rps / baseline:.2f} of minimal)"
    )


def results_benchmark(count):
    from django.db import connection

    from contests import services
    from contests.models import Attempt

    started = time.perf_counter()
    round_ = closed_round(count)
    print(f"\n{count} attempts created in {time.perf_counter() - started:.1f}s")

    table = Attempt._meta.db_table

    def plain_order_by():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, score, prediction, duration_ms, submitted_at FROM {table} "
                "WHERE round_id = %s ORDER BY score DESC, ABS(prediction - %s) ASC, "
                "duration_ms ASC, submitted_at ASC, id ASC",
                [round_.pk, 5000],
            )
            return len(cursor.fetchall())

    timings = {"plain": [], "compute": []}
    for _ in range(3):
        t = time.perf_counter()
        assert plain_order_by() == count
        timings["plain"].append(time.perf_counter() - t)
        t = time.perf_counter()
        services.compute_results(round_)
        timings["compute"].append(time.perf_counter() - t)
    plain = min(timings["plain"])
    compute = min(timings["compute"])
    ranked = Attempt.objects.filter(round=round_, rank__isnull=False).count()
    print(f"plain SQL ORDER BY (fetch all rows): {plain * 1000:8.1f} ms")
    print(
        f"compute_results (counted, truth, ranks stored, prizes, team prizes): {compute * 1000:8.1f} ms"
        f"  ratio {compute / plain:.2f}  ({ranked} ranks stored)"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--attempts", type=int, default=100_000)
    args = parser.parse_args()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        http_benchmark(args.people, args.seconds)
        if args.attempts:
            results_benchmark(args.attempts)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
