"""Wagtail leaves the temporary file of each new rendition open (garbage collection then raises
a ResourceWarning, an error under filterwarnings=error). This fixture closes it after reading."""

import pytest
from django.core.files.base import ContentFile
from wagtail.images.models import AbstractImage


@pytest.fixture(autouse=True)
def _close_rendition_files(monkeypatch):
    original = AbstractImage.generate_rendition_file

    def generate(self, filter, *, source=None):
        generated = original(self, filter, source=source)
        generated.seek(0)
        data = generated.read()
        generated.close()
        return ContentFile(data, name=generated.name)

    monkeypatch.setattr(AbstractImage, "generate_rendition_file", generate)
