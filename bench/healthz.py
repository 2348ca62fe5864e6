"""Requests per second of `/healthz` (one database query, one cache write and read) against a
minimal Django view, with SQLite connections opened per request (the old settings) and kept
between requests (CONN_MAX_AGE, the current settings).

Every endpoint is served by the same threaded WSGI server with the same settings and middleware in
the same run. Each client keeps its HTTP connection open, as a load balancer's probes and a
gunicorn worker's thread serving request after request do: the server thread (and its database
connection) lives as long as that connection. Without keep-alive the development server starts a
thread per connection and closes its database connection with it, whatever CONN_MAX_AGE says.

    python -m bench.healthz
    DATABASE_URL=postgres://... REDIS_URL=redis://... python -m bench.healthz

Options through the environment: BENCH_REQUESTS (default 4000), BENCH_CLIENTS (default 4).
"""

import http.client
import os
import threading
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_site.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

from bench._site import in_test_database  # noqa: E402
from training_site.urls import urlpatterns as site_urlpatterns  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", 4000))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 4))
# The SQLite options before connections were kept: a new connection for every request, and four
# PRAGMAs on each (two of them repeating what Django and the busy timeout already do).
OLD_SQLITE = {
    "CONN_MAX_AGE": 0,
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        " PRAGMA foreign_keys=ON;"
    ),
}


def minimal(request):
    """Baseline: the smallest Django response, through the same middleware."""
    return HttpResponse("ok")


urlpatterns = [
    path("bench/minimal/", minimal),
    *site_urlpatterns,
]


class QuietHandler(WSGIRequestHandler):
    # The server writes a response's headers and body separately; on a kept-alive connection
    # Nagle's algorithm would hold the body until the client's delayed ACK (some 40 ms).
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass


def serve():
    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=True)
    server.set_app(WSGIHandler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def rate(port, url):
    """GET `url` REQUESTS times from CLIENTS threads, each on one kept-alive HTTP connection;
    returns (req/s, statuses)."""
    per_client = REQUESTS // CLIENTS
    statuses = []
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS + 1)

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        seen = []
        barrier.wait()
        for _ in range(per_client):
            conn.request("GET", url, headers={"Host": "localhost"})
            response = conn.getresponse()
            response.read()
            assert not response.will_close, "the server closed the connection: no keep-alive"
            seen.append(response.status)
        conn.close()
        with lock:
            statuses.extend(seen)

    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return len(statuses) / (time.perf_counter() - started), sorted(set(statuses))


def main():
    return in_test_database("bench.healthz", run)


def run():
    database = connections.settings["default"]  # the dict every thread's connection reads
    current = {
        "CONN_MAX_AGE": database["CONN_MAX_AGE"],
        "init_command": database["OPTIONS"].get("init_command"),
    }
    sqlite = connection.vendor == "sqlite"
    connection.close()  # the server threads open their own connections
    server = serve()
    port = server.server_address[1]
    try:
        rate(port, "/bench/minimal/")  # warm up: URL resolvers, templates, first connections
        base_rate, base_statuses = rate(port, "/bench/minimal/")
        if sqlite:
            database["CONN_MAX_AGE"] = OLD_SQLITE["CONN_MAX_AGE"]
            database["OPTIONS"]["init_command"] = OLD_SQLITE["init_command"]
            old_rate, old_statuses = rate(port, "/healthz")
            database["CONN_MAX_AGE"] = current["CONN_MAX_AGE"]
            database["OPTIONS"]["init_command"] = current["init_command"]
        new_rate, new_statuses = rate(port, "/healthz")
    finally:
        server.shutdown()
        server.server_close()

    print(
        f"database: {connection.vendor}; cache: "
        f"{settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}; "
        f"CONN_MAX_AGE {current['CONN_MAX_AGE']}"
    )
    print(f"{REQUESTS} requests from {CLIENTS} clients, each on one kept-alive connection")
    print(f"baseline minimal view        : {base_rate:8.1f} req/s  statuses {base_statuses}")
    if sqlite:
        print(f"/healthz, connection per req : {old_rate:8.1f} req/s  statuses {old_statuses}")
    print(f"/healthz, kept connections   : {new_rate:8.1f} req/s  statuses {new_statuses}")
    if sqlite:
        print(f"ratio per-request / minimal  : {old_rate / base_rate:.2f}")
    print(f"ratio kept / minimal         : {new_rate / base_rate:.2f}")
    if sqlite:
        print(f"ratio kept / per-request     : {new_rate / old_rate:.2f}")


if __name__ == "__main__":
    main()
