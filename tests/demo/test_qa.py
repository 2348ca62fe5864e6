"""The demo questions: ten, six published with answers, one answered but not published, three
waiting; seeding twice creates nothing new."""

import pytest

from qa.models import Question


@pytest.mark.django_db
def test_seed_demo_qa_twice():
    from demo.seeders import qa as demo

    demo.seed()
    demo.seed()
    assert Question.objects.count() == 10
    assert Question.objects.published().count() == 6
    assert Question.objects.filter(status=Question.Status.NEW).count() == 3
    assert Question.objects.filter(status=Question.Status.ANSWERED).count() == 1
    references = set(Question.objects.values_list("reference", flat=True))
    assert len(references) == 10 and all(ref[:8] in ("HD-2026-", "PA-2026-") for ref in references)
    for question in Question.objects.all():
        question.full_clean(exclude=["answered_by", "user"])
