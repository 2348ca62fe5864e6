import io
from datetime import timedelta

import factory
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.images import get_image_model

from common.vietnamese import fold
from portal.models import Comment, NewsPage, Poll, PollChoice


def make_image(title="Ảnh thử"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 180), (11, 79, 156)).save(buffer, "JPEG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name="test.jpg"))


def make_news(
    parent,
    *,
    title,
    lead="Đoạn mở đầu.",
    body=None,
    category=None,
    tags=(),
    date=None,
    image=None,
    featured=False,
    publish=True,
):
    page = NewsPage(
        title=title,
        slug=slugify(fold(title)),
        lead=lead,
        body=body
        if body is not None
        else [{"type": "paragraph", "value": "<p>Nội dung bài viết về cải cách hành chính.</p>"}],
        category=category,
        date=date or timezone.now(),
        hero_image=image,
        hero_caption="Chú thích ảnh" if image else "",
        hero_credit="M.Đ" if image else "",
        featured=featured,
    )
    parent.add_child(instance=page)
    if tags:
        page.tags.add(*tags)
    revision = page.save_revision()
    if publish:
        revision.publish()
    else:
        page.unpublish()
    page.refresh_from_db()
    return page


def make_many_news(parent, count, *, category=None, start=0, with_image=True, comments=0):
    pages = []
    for number in range(start, start + count):
        page = make_news(
            parent,
            title=f"Tin số {number}: cải cách hành chính",
            category=category,
            tags=[f"thẻ {number % 3}", "cải cách"],
            date=timezone.now() - timedelta(hours=number),
            image=make_image(f"Ảnh {number}") if with_image else None,
            featured=number % 4 == 0,
        )
        for index in range(comments):
            Comment.objects.create(
                page=page,
                name=f"Bạn đọc {index}",
                email="a@example.com",
                body="Ý kiến hay",
                status=Comment.Status.APPROVED,
            )
        pages.append(page)
    return pages


class PollFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Poll
        skip_postgeneration_save = True

    question = "Bạn đánh giá thế nào về bộ phận một cửa?"
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = None
    placement = Poll.Placement.EVERYWHERE

    @factory.post_generation
    def choices(self, create, extracted, **kwargs):
        for order, text in enumerate(extracted or ["Hài lòng", "Bình thường", "Chưa hài lòng"]):
            PollChoice.objects.create(poll=self, text=text, sort_order=order)


def translate(page, language="en", publish=True, **fields):
    """The page's copy in `language` (Wagtail's copy_for_translation: under the parent's
    translation, linked by translation_key), changed by `fields` and published."""
    from wagtail.models import Locale

    locale, _created = Locale.objects.get_or_create(language_code=language)
    copy = page.specific.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    if publish:
        copy.save_revision().publish()
    return copy
