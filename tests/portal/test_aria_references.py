"""Every id that an aria-describedby, aria-labelledby, aria-controls or label[for] names exists on
the page. Django 5 points a field with help text at "<id>_helptext" by itself; a template that
gave the help text another id left screen readers with a reference to nothing."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from courses.models import RegistrationQuestion
from tests.contests.factories import EntrantGroupFactory
from tests.courses.factories import CourseFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REFERENCING = ("aria-describedby", "aria-labelledby", "aria-controls", "for")


class References(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.wanted = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in REFERENCING:
            if name == "for" and tag != "label":
                continue
            for target in (attrs.get(name) or "").split():
                self.wanted.append((tag, name, target))


def broken_references(html):
    parser = References()
    parser.feed(html)
    return [(tag, name, target) for tag, name, target in parser.wanted if target not in parser.ids]


def test_the_comment_form_names_existing_help_texts(client, article):
    html = client.get(article.url).content.decode()
    assert 'aria-describedby="id_email_helptext"' in html  # the field that has help text
    assert broken_references(html) == []


def test_the_contest_entry_form_names_existing_help_texts(client):
    group = EntrantGroupFactory(contest__require_cccd=True, contest__require_date_of_birth=True)
    client.force_login(UserFactory())
    html = client.get(reverse("contests:enter", args=[group.contest.slug])).content.decode()
    assert "_helptext" in html
    assert broken_references(html) == []


def test_the_course_sign_up_form_names_existing_help_texts(client, user):
    course = CourseFactory()
    RegistrationQuestion.objects.create(course=course, text="Vị trí việc làm?", max_length=50)
    client.force_login(user)
    html = client.get(reverse("courses:detail", args=[course.slug])).content.decode()
    assert "_helptext" in html
    assert broken_references(html) == []


@pytest.mark.parametrize(
    "url",
    ["/tim-kiem/?q=x", "/tai-khoan/login/", "/tai-khoan/signup/", "/chung-nhan/xac-minh/?q=abc"],
)
def test_public_forms_name_existing_ids(client, home, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert broken_references(response.content.decode()) == []
