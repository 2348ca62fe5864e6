from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from accounts.importers import import_units


class Command(BaseCommand):
    help = (
        "Import or update units from an .xlsx or .csv file (layout in docs/data-model.md). "
        "Every row is checked first; nothing is saved if any row is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        if not file.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}")
        with translation.override("vi"), file.open("rb") as handle:
            result = import_units(File(handle, name=file.name))
            if result.file_error:
                raise CommandError(result.file_error)
            if result.errors:
                for error in result.errors:
                    self.stderr.write(str(error))
                raise CommandError(
                    f"Không lưu gì: {len(result.errors)} lỗi trong tệp. Sửa các dòng trên rồi nhập lại."
                )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Đã nhập: {result.created} đơn vị mới, {result.updated} đơn vị cập nhật."
                )
            )
