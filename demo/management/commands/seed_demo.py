from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo import seeders


class Command(BaseCommand):
    help = (
        "Load the demo province, accounts and content from demo/data/. Safe to run again: "
        "nothing is duplicated. Each app has its seeder in demo/seeders/<app>.py."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("seed_demo refuses to run with production settings.")
        call_command("setup_roles", stdout=self.stdout)
        for app in seeders.ORDER:
            if not apps.is_installed(app):
                continue
            module = import_module(f"demo.seeders.{app}")
            with transaction.atomic():
                module.seed(self)
            self.stdout.write(self.style.SUCCESS(f"Demo data ready: {app}"))
        # Again, now that the portal's home page exists: page permissions hang from it.
        call_command("setup_roles", stdout=self.stdout)
        # Seeders may write pages and rows in bulk, past the signals that keep search current.
        call_command("rebuild_search_index", stdout=self.stdout)
