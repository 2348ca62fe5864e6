"""Demo content of the portal: home page, news, pages, comments, a poll, settings, workflow,
and the English edition (data in demo/data/portal/).

Idempotent: everything is found by a natural key (slug, title, question) before it is created.
The articles were written for this project; the province and its people are fictional.
"""

import hashlib
import random
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from accounts import roles
from accounts.models import Unit
from demo.files import read_json
from portal.models import (
    Comment,
    HomePage,
    Leader,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    OrganisationPage,
    OrganisationPageLeader,
    Poll,
    PollChoice,
    PortalSettings,
    ServiceLink,
    StandardPage,
)

from . import report

FONT = Path(settings.BASE_DIR) / "static" / "fonts" / "LiberationSans-Bold.ttf"
PAGE_TYPES = {"news_index": NewsIndexPage, "standard": StandardPage}
ROLES = {"organizers": roles.ORGANIZERS}
#: Settings a page's text may name as {NAME}: the agency's contacts differ per deployment.
PAGE_SETTINGS = ("AGENCY_NAME", "AGENCY_ADDRESS", "AGENCY_PHONE", "AGENCY_EMAIL")


def _at(value):
    return datetime.fromisoformat(value).replace(tzinfo=ZoneInfo(settings.TIME_ZONE))


def _paragraphs(texts):
    values = {name: getattr(settings, name) for name in PAGE_SETTINGS}
    return [{"type": "paragraph", "value": f"<p>{text.format(**values)}</p>"} for text in texts]


def demo_image(title, colours, label, size=(1200, 675)):
    """A generated picture: a gradient, a few shapes suggesting a building, and a caption band."""
    from PIL import Image, ImageDraw, ImageFont

    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing:
        return existing
    width, height = size
    start = tuple(int(colours[0][i : i + 2], 16) for i in (1, 3, 5))
    end = tuple(int(colours[1][i : i + 2], 16) for i in (1, 3, 5))
    picture = Image.new("RGB", size, start)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        ratio = y / height
        colour = tuple(int(start[i] + (end[i] - start[i]) * ratio) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    rng = random.Random(title)
    # A stylised public building: steps, columns, a pediment.
    base_x, base_y = width // 2, int(height * 0.72)
    draw.rectangle([base_x - 330, base_y, base_x + 330, base_y + 30], fill=(245, 245, 245))
    for column in range(7):
        x = base_x - 300 + column * 100
        draw.rectangle([x, base_y - 230, x + 36, base_y], fill=(250, 250, 250))
    draw.polygon(
        [(base_x - 360, base_y - 230), (base_x + 360, base_y - 230), (base_x, base_y - 360)],
        fill=(255, 255, 255),
    )
    draw.ellipse([base_x - 28, base_y - 320, base_x + 28, base_y - 264], fill=(200, 30, 30))
    for _ in range(14):
        x, y = rng.randint(0, width), rng.randint(0, int(height * 0.5))
        radius = rng.randint(8, 40)
        draw.ellipse(
            [x - radius, y - radius, x + radius, y + radius], outline=(255, 255, 255), width=2
        )
    draw.rectangle([0, height - 80, width, height], fill=(0, 0, 0))
    font = ImageFont.truetype(str(FONT), 34) if FONT.exists() else ImageFont.load_default()
    draw.text((30, height - 62), label, fill=(255, 255, 255), font=font)
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=82)
    name = hashlib.sha256(title.encode()).hexdigest()[:12]
    return image_model.objects.create(title=title, file=ImageFile(buffer, name=f"demo-{name}.jpg"))


def ensure_home(site_data=None):
    """The portal's HomePage as the root of the default site, replacing Wagtail's welcome page."""
    site_data = site_data or read_json("portal/site.json")
    home = HomePage.objects.first()
    root = Page.get_first_root_node()
    if root is None:
        # Wagtail's migrations create the tree root and the default locale; a database that was
        # emptied after migrating (a flush) has neither, so put them back.
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.add_root(title="Root", slug="root")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    if home is None:
        home = HomePage(**site_data["home"])
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    site.root_page = home
    site.site_name = settings.WAGTAIL_SITE_NAME
    site.save()
    for welcome in Page.objects.filter(depth=2, content_type__app_label="wagtailcore").exclude(
        pk=home.pk
    ):
        if welcome.get_children_count() == 0:
            welcome.delete()
    return home


def child(parent, model, slug, **fields):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def seed_pages(parent, pages):
    """The page tree of pages.json under `parent`; returns the pages made, by slug."""
    made = {}
    for data in pages:
        fields = {
            key: value
            for key, value in data.items()
            if key not in ("type", "slug", "paragraphs", "children")
        }
        if "paragraphs" in data:
            fields["body"] = _paragraphs(data["paragraphs"])
        page = child(parent, PAGE_TYPES[data["type"]], data["slug"], **fields)
        made[data["slug"]] = page
        made.update(seed_pages(page, data.get("children", [])))
    return made


def seed_news(news_index, site_data, articles):
    categories = {}
    for order, category in enumerate(site_data["news_categories"]):
        categories[category["slug"]], _ = NewsCategory.objects.update_or_create(
            slug=category["slug"], defaults={"name": category["name"], "sort_order": order}
        )
    codes = {article["source_unit"] for article in articles}
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=codes)}
    pages = {}
    for article in articles:
        slug, title = article["slug"], article["title"]
        page = NewsPage.objects.filter(slug=slug).first()
        if page is None:
            image = demo_image(
                f"Ảnh minh họa: {title}", article["image_colours"], site_data["article_image_label"]
            )
            page = NewsPage(
                title=title,
                slug=slug,
                date=_at(article["date"]),
                lead=article["lead"],
                body=article["body"],
                category=categories[article["category"]],
                featured=article["featured"],
                author=article["author"],
                source_unit=units.get(article["source_unit"]),
                hero_image=image,
                hero_caption=f"Ảnh minh họa: {title}",
                hero_credit=article["image_credit"],
            )
            news_index.add_child(instance=page)
            page.tags.add(*article["tags"])
            revision = page.save_revision()
            revision.publish()
            # The article's date is the publication date readers see.
            NewsPage.objects.filter(pk=page.pk).update(first_published_at=page.date)
        pages[slug] = page
    return pages


def seed_comments(pages, comments):
    for comment in comments:
        Comment.objects.get_or_create(
            page=pages[comment["article"]],
            name=comment["name"],
            body=comment["body"],
            defaults={"email": comment["email"], "status": comment["status"]},
        )


def seed_poll(data):
    poll, created = Poll.objects.get_or_create(
        question=data["question"],
        defaults={"opens_at": timezone.now(), "closes_at": None, "placement": data["placement"]},
    )
    if created:
        for order, text in enumerate(data["choices"]):
            PollChoice.objects.create(poll=poll, text=text, sort_order=order)
    return poll


def seed_settings(data):
    site_settings = PortalSettings.load()
    site_settings.agency_name = site_settings.agency_name or settings.AGENCY_NAME
    site_settings.address = site_settings.address or settings.AGENCY_ADDRESS
    site_settings.phone = site_settings.phone or settings.AGENCY_PHONE
    site_settings.email = site_settings.email or settings.AGENCY_EMAIL
    if not site_settings.info_body:
        site_settings.info_title = data["info_title"]
        site_settings.info_body = data["info_body"]
    if not site_settings.alert_text:
        site_settings.alert_text = data["alert_text"]
        site_settings.alert_level = data["alert_level"]
        site_settings.alert_link = data["alert_link"]
    site_settings.save()


def seed_organisation(made, data):
    """The footer's legal notice, the public-service links, the leaders and the "Cơ cấu tổ chức"
    page under the about page."""
    site_settings = PortalSettings.load()
    for field, value in data["notice"].items():
        if not getattr(site_settings, field):
            parsed = date.fromisoformat(value) if field == "licence_date" else value
            setattr(site_settings, field, parsed)
    site_settings.save()
    for order, link in enumerate(data["service_links"]):
        ServiceLink.objects.get_or_create(
            url=link["url"],
            defaults={
                "title": link["title"],
                "description": link["description"],
                "sort_order": order,
            },
        )
    leaders = []
    for order, person in enumerate(data["leaders"]):
        leader, _ = Leader.objects.get_or_create(
            name=person["name"], defaults={**person, "sort_order": order}
        )
        leaders.append(leader)
    fields = {key: value for key, value in data["page"].items() if key not in ("slug", "parent")}
    parent = made[data["page"]["parent"]]
    page = OrganisationPage.objects.child_of(parent).filter(slug=data["page"]["slug"]).first()
    if page is None:
        page = OrganisationPage(slug=data["page"]["slug"], **fields)
        page.leader_placements = [
            OrganisationPageLeader(leader=leader, sort_order=order)
            for order, leader in enumerate(leaders)
        ]
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def seed_workflow(home, data=None):
    """Editors submit; organizers approve and publish (and may schedule)."""
    data = data or read_json("portal/site.json")["workflow"]
    approvers = Group.objects.filter(name=ROLES[data["approvers"]]).first()
    if approvers is None:
        return None
    task = GroupApprovalTask.objects.filter(name=data["task"]).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=data["task"])
    task.groups.set([approvers])
    workflow, _ = Workflow.objects.get_or_create(name=data["name"])
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0}
    )
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow


def translation_of(page, locale, **fields):
    """The page's translation in `locale`, made the way the admin's Translate action makes it
    (Wagtail's copy_for_translation: a copy under the parent's translation, linked by
    translation_key), then given `fields` and published."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    copy = page.specific.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    copy.save_revision().publish()
    return copy


def seed_english(home, made, articles, data, workflow=None):
    """The English home page (/en/) with its news section, pages and translated articles."""
    locale, _ = Locale.objects.get_or_create(language_code="en")
    english_home = translation_of(home, locale, **data["home"])
    index_data = {key: value for key, value in data["news_index"].items() if key != "translates"}
    news_index = translation_of(made[data["news_index"]["translates"]], locale, **index_data)
    seed_pages(english_home, data["pages"])
    translated = []
    for article in data["articles"]:
        source = articles[article["translates"]]
        page = translation_of(
            source,
            locale,
            title=article["title"],
            slug=article["slug"],
            lead=article["lead"],
            hero_caption=article["hero_caption"],
            featured=article["featured"],
            body=_paragraphs(article["paragraphs"]),
        )
        NewsPage.objects.filter(pk=page.pk).update(first_published_at=source.date)
        translated.append(page)
    if workflow is not None:
        # The same approval as the Vietnamese news: editors submit, organizers publish.
        WorkflowPage.objects.get_or_create(page=english_home, defaults={"workflow": workflow})
        WorkflowPage.objects.get_or_create(page=news_index, defaults={"workflow": workflow})
    return english_home, translated


def seed(command=None):
    site_data = read_json("portal/site.json")
    home = ensure_home(site_data)
    made = seed_pages(home, read_json("portal/pages.json"))
    pages = seed_news(made["tin-tuc"], site_data, read_json("portal/articles.json"))
    seed_comments(pages, read_json("portal/comments.json"))
    seed_poll(site_data["poll"])
    seed_settings(site_data["settings"])
    seed_organisation(made, read_json("portal/organisation.json"))
    workflow = seed_workflow(home, site_data["workflow"])
    _english_home, translated = seed_english(
        home, made, pages, read_json("portal/english.json"), workflow
    )
    report(
        command,
        f"  portal: {len(pages)} articles ({len(translated)} in English),"
        f" {Comment.objects.count()} comments",
    )
