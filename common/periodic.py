"""Periodic work: each app lists (task, every_seconds) pairs in `<app>/periodic.py` as PERIODIC.

`manage.py scheduler` enqueues each task when it is due; the task workers run it. Running two
schedulers is harmless as long as every periodic task is idempotent, which they must be.
"""

from importlib import import_module

from django.apps import apps

from .tasks import resume_stalled_mailings

# The shared code's own: every five minutes, a mailing whose worker died goes on where it stopped.
PERIODIC = [(resume_stalled_mailings, 300)]


def collect():
    jobs = list(PERIODIC)
    for config in apps.get_app_configs():
        if config.name == "common":
            continue
        try:
            module = import_module(f"{config.name}.periodic")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.periodic":
                raise
            continue
        jobs.extend(getattr(module, "PERIODIC", []))
    return jobs
