"""The PAR index in "download my data" and account deletion."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.personal_data import keys_used
from parindex import personal_data, services
from parindex.models import AppraiserAssignment, Assessment, Evidence, UnitOfficer

from .conftest import DURING_SELF, fill_and_submit


def test_export_has_a_label_for_every_key_and_erase_removes_the_person(
    index_set, assessment, officer, appraiser
):
    services.attach_evidence(
        assessment,
        index_set.sub_map["1.1"],
        SimpleUploadedFile("a.pdf", b"%PDF-1.4\n"),
        officer,
        now=DURING_SELF,
    )
    officer.full_name = "Nguyễn Văn Trưởng"
    fill_and_submit(assessment, officer, index_set.sub_map)
    data = personal_data.export(officer)
    assert data["reform_units"] and data["evidence"]
    assert keys_used(data) <= set(personal_data.LABELS)
    assert keys_used(personal_data.export(appraiser)) <= set(personal_data.LABELS)
    personal_data.erase(officer, DURING_SELF)
    personal_data.erase(appraiser, DURING_SELF)
    assert not UnitOfficer.objects.filter(person=officer).exists()
    assert not AppraiserAssignment.objects.filter(appraiser=appraiser).exists()
    assert not Evidence.objects.filter(uploaded_by=officer).exists()
    assessment = Assessment.objects.get(pk=assessment.pk)
    assert assessment.submitted_by is None and assessment.updated_by is None
    assert "Nguyễn Văn Trưởng" not in assessment.approved_by_name


@pytest.fixture(autouse=True)
def _vi(vi):
    yield
