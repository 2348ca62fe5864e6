"""Locust scenario of a round start (run by bench/round_start.py, which seeds the database and
starts the servers; not a benchmark of its own for `python -m bench`).

Each simulated entrant runs once, in order: the login page, logging in, the contest page, the
start button, the attempt page, one autosave per question (with reading time between them, as
the page's script sends them), the submit button (the whole form, as the browser posts it), and
the result page; then it stops. Steps are reported by name, with their own percentiles.

Read from the environment: ROUND_SLUG and ROUND_ID (the round to start), ROUND_PASSWORD (every
seeded entrant's), ROUND_EMAIL_FORMAT ("entrant{n}@round.bench"), ROUND_THINK (mean seconds
between two answers), ROUND_USERS (when that many have finished, the run ends).
Each entrant's requests carry X-Forwarded-For with an address of its own from the benchmarking
range 198.18.0.0/15 (a header only: no traffic goes there), as the site's proxy would add; the
servers trust one proxy, so per-address login limits count each entrant apart, as in production.
"""

import itertools
import os
import random
import re
from urllib.parse import urlencode

import gevent
from locust import events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

SLUG = os.environ.get("ROUND_SLUG", "vong-tai")
ROUND_ID = os.environ.get("ROUND_ID", "1")
PASSWORD = os.environ.get("ROUND_PASSWORD", "")
EMAIL_FORMAT = os.environ.get("ROUND_EMAIL_FORMAT", "entrant{n}@round.bench")
THINK = float(os.environ.get("ROUND_THINK", "10"))
USERS = int(os.environ.get("ROUND_USERS", "0"))

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CHOICE_RE = re.compile(r'name="q-(\d+)" value="(\d+)"')

_numbers = itertools.count()
_finished = [0]


def _address(n):
    return f"198.{18 + n // 65536}.{n // 256 % 256}.{n % 256}"


@events.init.add_listener
def _quit_when_all_finished(environment, **_kwargs):
    environment.round_finished = _finished


class Entrant(FastHttpUser):
    # A sync gunicorn worker answers one request at a time; a queued request waits its turn.
    connection_timeout = 120.0
    network_timeout = 120.0

    def on_start(self):
        self.number = next(_numbers)
        self.headers = {"X-Forwarded-For": _address(self.number)}

    def _csrf(self, response, step):
        match = CSRF_RE.search(response.text or "")
        if not match:
            response.failure(f"{step}: no CSRF token on the page")
            return None
        return match.group(1)

    def _expect(self, response, statuses, step):
        if response.status_code not in statuses:
            response.failure(f"{step}: HTTP {response.status_code}")
            return False
        response.success()
        return True

    @task
    def play_round(self):
        try:
            self._play()
        finally:
            _finished[0] += 1
            if USERS and _finished[0] >= USERS:
                gevent.spawn_later(0.5, self.environment.runner.quit)
            raise StopUser()

    def _play(self):
        email = EMAIL_FORMAT.format(n=self.number)
        with self.client.get(
            "/tai-khoan/login/", name="1 login page", headers=self.headers, catch_response=True
        ) as response:
            if not self._expect(response, {200}, "login page"):
                return
            token = self._csrf(response, "login page")
        if token is None:
            return
        with self.client.post(
            "/tai-khoan/login/",
            data=urlencode({"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token}),
            headers={**self.headers, **FORM, "Referer": f"{self.host}/tai-khoan/login/"},
            name="2 log in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if not self._expect(response, {302}, "log in"):
                return
        with self.client.get(
            f"/cuoc-thi/{SLUG}/", name="3 contest page", headers=self.headers, catch_response=True
        ) as response:
            if not self._expect(response, {200}, "contest page"):
                return
            token = self._csrf(response, "contest page")
        if token is None:
            return
        with self.client.post(
            f"/cuoc-thi/{SLUG}/vong/{ROUND_ID}/bat-dau/",
            data=urlencode({"csrfmiddlewaretoken": token}),
            headers={**self.headers, **FORM, "Referer": f"{self.host}/cuoc-thi/{SLUG}/"},
            name="4 start",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if not self._expect(response, {302}, "start") or "/bai-thi/" not in location:
                response.failure(f"start: sent to {location!r}")
                return
        attempt_url = location.split("://", 1)[-1]
        attempt_url = attempt_url[attempt_url.index("/cuoc-thi/") :]
        with self.client.get(
            attempt_url, name="5 attempt page", headers=self.headers, catch_response=True
        ) as response:
            if not self._expect(response, {200}, "attempt page"):
                return
            token = self._csrf(response, "attempt page")
            positions = {}
            for question_id, position in CHOICE_RE.findall(response.text or ""):
                positions.setdefault(question_id, []).append(int(position))
        if token is None or not positions:
            return
        rng = random.Random(self.number)
        chosen = {}
        for question_id, choices in positions.items():
            gevent.sleep(rng.uniform(0.5 * THINK, 1.5 * THINK))
            chosen[question_id] = rng.choice(choices)
            with self.client.post(
                f"{attempt_url}luu/",
                json={"question": int(question_id), "choices": [chosen[question_id]]},
                headers={
                    **self.headers,
                    "X-CSRFToken": token,
                    "Referer": f"{self.host}{attempt_url}",
                },
                name="6 save answer",
                catch_response=True,
            ) as response:
                self._expect(response, {200}, "save answer")
        form = [("csrfmiddlewaretoken", token), ("prediction", str(rng.randrange(1000)))]
        form += [(f"q-{question_id}", str(position)) for question_id, position in chosen.items()]
        with self.client.post(
            f"{attempt_url}nop/",
            data=urlencode(form),
            headers={**self.headers, **FORM, "Referer": f"{self.host}{attempt_url}"},
            name="7 submit",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if not self._expect(response, {302}, "submit") or "/ket-qua/" not in location:
                response.failure(f"submit: sent to {location!r}")
                return
        with self.client.get(
            f"{attempt_url}ket-qua/",
            name="8 result page",
            headers=self.headers,
            catch_response=True,
        ) as response:
            self._expect(response, {200}, "result page")
