import signal
import time

from django.core.management.base import BaseCommand

from common.periodic import collect


class Command(BaseCommand):
    help = "Enqueue the apps' periodic tasks when due (run one beside the task workers)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue every task once and exit.")
        parser.add_argument("--tick", type=float, default=5.0, help="Seconds between checks.")

    def handle(self, *args, once=False, tick=5.0, **options):
        jobs = collect()
        if once:
            for task, _every in jobs:
                task.enqueue()
            self.stdout.write(f"Enqueued {len(jobs)} periodic tasks.")
            return
        self.running = True
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        next_run = dict.fromkeys(range(len(jobs)), 0.0)
        self.stdout.write(f"Scheduler running {len(jobs)} periodic tasks.")
        while self.running:
            now = time.monotonic()
            for index, (task, every) in enumerate(jobs):
                if now >= next_run[index]:
                    task.enqueue()
                    next_run[index] = now + every
            time.sleep(tick)

    def stop(self, *args):
        self.running = False
