import json

from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from qa import personal_data


class Command(BaseCommand):
    help = (
        "A reader without an account asks what we keep about them, or asks for it to be "
        "deleted: print their questions (by email address) as JSON, or erase them with --erase "
        "(unpublished ones are deleted, published ones lose name and contact details)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--erase", action="store_true")

    def handle(self, email, erase=False, **options):
        if erase:
            with transaction.atomic():
                count = personal_data.erase_email(email)
            self.stdout.write(f"{count} question(s) erased.")
            return
        data = personal_data.export_email(email)
        self.stdout.write(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
