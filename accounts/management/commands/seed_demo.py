from importlib import import_module

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Load the demo province, accounts and content. Safe to run again: nothing is duplicated. "
        "Each app contributes through <app>/demo.py: seed(command)."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("seed_demo refuses to run with production settings.")
        call_command("setup_roles", stdout=self.stdout)
        for app in settings.LOCAL_APPS:
            try:
                module = import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            with transaction.atomic():
                module.seed(self)
            self.stdout.write(self.style.SUCCESS(f"Demo data ready: {app}"))
        # Again, now that the portal's home page exists: page permissions hang from it.
        call_command("setup_roles", stdout=self.stdout)
