"""Re-read every search source (news, pages, and what other apps register) into the site search
index: after a first deployment, after restoring a database, or after adding an app that
contributes documents. Safe to run at any time; readers keep searching while it runs."""

from django.core.management.base import BaseCommand

from portal import search


class Command(BaseCommand):
    help = "Rebuild the site search index from the pages and every registered search source."

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            action="append",
            dest="kinds",
            help="Only this kind of document (news, page, course, contest, …); repeatable.",
        )

    def handle(self, *args, kinds=None, **options):
        counts = search.rebuild(kinds=kinds)
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
        self.stdout.write(self.style.SUCCESS(f"{sum(counts.values())} documents indexed."))
