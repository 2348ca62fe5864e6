"""500 people logging in within a minute through a proxy, and one address guessing passwords.

Two gunicorn servers on 127.0.0.1 against PostgreSQL + Redis, one after the other, each sent the
same load with a different X-Forwarded-For per person (as the proxy writes it):

- baseline: TRUSTED_PROXY_COUNT=0, as before this setting: every visitor is the proxy's address,
  so allauth's per-address limits (30 logins a minute) refuse almost everyone;
- TRUSTED_PROXY_COUNT=1: each person is counted apart; the goal is that no one who gives the
  right password is refused, while one address guessing passwords (with forged entries in the
  header) is limited after 10 failures, and someone else still logs in afterwards.

    DATABASE_URL=postgres://... REDIS_URL=redis://.../N python -m bench accounts_login

It creates and drops its own test database (test_<name>), keys its Redis entries under a prefix
of its own and deletes them at the end. The servers use the test settings (MD5 password hashing),
so the figures measure the login path and its limits, not PBKDF2. Options through the
environment: BENCH_PEOPLE (default 500), BENCH_CLIENTS (default 8), BENCH_WORKERS (default 2).
"""

import http.client
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from urllib.parse import urlencode

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_site.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

PEOPLE = int(os.environ.get("BENCH_PEOPLE", 500))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 8))
WORKERS = int(os.environ.get("BENCH_WORKERS", 2))
GUESSES = 30
PASSWORD = "Mat-khau-ban-dau-2026"
CSRF = "c" * 32
REQUEST_TIMEOUT = 30
SERVER_START_TIMEOUT = 60
LOGIN_URL = "/tai-khoan/login/"
GUESSER = "203.0.113.66"
# allauth refuses a login past the failed-login limit on the form itself (200), not with a 429.
TOO_MANY_FAILURES = "Bạn đã đăng nhập sai quá nhiều lần.".encode()


def person_address(n):
    return f"100.64.{n // 250}.{n % 250 + 1}"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def post_login(port, email, password, forwarded):
    """One login attempt; returns 'ok' (logged in), 'wrong' (form again), 'limited' (a 429, or
    the form saying too many failed attempts) or the status/error otherwise."""
    body = urlencode({"login": email, "password": password})
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request(
            "POST",
            LOGIN_URL,
            body=body,
            headers={
                "Cookie": f"csrftoken={CSRF}",
                "X-CSRFToken": CSRF,
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Forwarded-For": forwarded,
            },
        )
        response = conn.getresponse()
        page = response.read()
        cookies = " ".join(response.headers.get_all("Set-Cookie") or [])
        if response.status == 302 and f"{settings.SESSION_COOKIE_NAME}=" in cookies:
            return "ok"
        if response.status == 429 or (response.status == 200 and TOO_MANY_FAILURES in page):
            return "limited"
        if response.status == 200:
            return "wrong"
        return f"status {response.status}"
    except OSError as exc:
        return f"error {type(exc).__name__}"
    finally:
        conn.close()


def log_everyone_in(port, emails):
    """Every person logs in once, from CLIENTS threads; returns (seconds, outcome per person)."""
    jobs = queue.Queue()
    for n, email in enumerate(emails):
        jobs.put((n, email))
    outcomes = [None] * len(emails)
    barrier = threading.Barrier(CLIENTS + 1)

    def worker():
        barrier.wait()
        while True:
            try:
                n, email = jobs.get_nowait()
            except queue.Empty:
                return
            outcomes[n] = post_login(port, email, PASSWORD, person_address(n))

    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, outcomes


def guess(port):
    """One address tries GUESSES random accounts with wrong passwords, writing a new forged
    address in front of its own each time."""
    return [
        post_login(port, f"doan-{n}@example.gov.vn", "doan-mo", f"198.51.100.{n}, {GUESSER}")
        for n in range(GUESSES)
    ]


class Server:
    """gunicorn serving the site on a free port of 127.0.0.1 with TRUSTED_PROXY_COUNT=count."""

    def __init__(self, count, database_url, prefix):
        self.port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "training_site.settings.test",
            "DATABASE_URL": database_url,
            "CACHE_KEY_PREFIX": prefix,
            "TRUSTED_PROXY_COUNT": str(count),
            "LOG_LEVEL": "ERROR",  # a 429 is logged as a warning: hundreds are expected here
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "training_site.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(WORKERS),
                "--worker-class",
                "gthread",
                "--threads",
                "4",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=settings.BASE_DIR,
        )

    def wait_ready(self):
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            finally:
                conn.close()
            time.sleep(0.2)  # polling for start-up, not synchronising requests
        raise RuntimeError("gunicorn did not answer /healthz in time")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)


def create_people():
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from tests.factories import UnitFactory

    unit = UnitFactory()
    hashed = make_password(PASSWORD)
    people = User.objects.bulk_create(
        User(
            email=f"hocvien{n:04d}@bench.gov.vn",
            full_name=f"Học viên {n}",
            unit=unit,
            password=hashed,
        )
        for n in range(PEOPLE + 2)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=person, email=person.email, verified=True, primary=True)
        for person in people
    )
    return [person.email for person in people]


def run_one(count, database_url, prefix, emails):
    server = Server(count, database_url, prefix)
    try:
        server.wait_ready()
        seconds, outcomes = log_everyone_in(server.port, emails[:PEOPLE])
        guesses = guess(server.port)
        after = post_login(server.port, emails[PEOPLE], PASSWORD, "203.0.113.8")
    finally:
        server.stop()
    return seconds, outcomes, guesses, after


def delete_redis_keys(prefixes):
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    for prefix in prefixes:
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        if keys:
            client.delete(*keys)


def main():
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        print("SKIPPED: needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), as in production")
        return 0
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    prefixes = []
    try:
        emails = create_people()
        connection.close()  # the servers open their own connections
        database_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{test_name}"
        results = {}
        for count in (0, 1):
            prefix = f"bench-login-{os.getpid()}-{count}"
            prefixes.append(prefix)
            results[count] = run_one(count, database_url, prefix, emails)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        if prefixes:
            delete_redis_keys(prefixes)
    return report(results)


def report(results):
    print(
        f"PostgreSQL + Redis; {PEOPLE} people, each with its own X-Forwarded-For; "
        f"{CLIENTS} concurrent clients; gunicorn {WORKERS} workers x 4 threads"
    )
    problems = []
    refused = {}
    for count, (seconds, outcomes, guesses, after) in results.items():
        label = "baseline, TRUSTED_PROXY_COUNT=0" if count == 0 else "TRUSTED_PROXY_COUNT=1"
        logged_in = outcomes.count("ok")
        refused[count] = PEOPLE - logged_in
        others = sorted({o for o in outcomes if o not in ("ok", "limited")})
        print(f"{label}:")
        print(
            f"  {logged_in} of {PEOPLE} logged in in {seconds:.1f} s "
            f"({PEOPLE / seconds:.1f} logins/s); refused {refused[count]} "
            f"(rate-limited: {outcomes.count('limited')}"
            f"{', other: ' + ', '.join(others) if others else ''})"
        )
        print(
            f"  one address guessing {GUESSES} passwords: {guesses.count('wrong')} answered "
            f"'wrong password', {guesses.count('limited')} refused"
        )
        print(f"  another person logging in after the guessing: {after}")
        if count == 1:
            if refused[count]:
                problems.append(f"{refused[count]} people with the right password were refused")
            if seconds > 60:
                problems.append(f"500 logins took {seconds:.0f} s, more than one minute")
            if guesses.count("limited") < GUESSES - 10:
                problems.append("the guessing address was not limited after 10 failures")
            if after != "ok":
                problems.append("someone else was locked out by the guessing address")
    base = refused[0]
    print(f"refused with the setting / without: {refused[1]} / {base}", end="")
    print(f" = {refused[1] / base:.3f}" if base else "")
    for problem in problems:
        print(f"FAILED {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
