"""Demo: the default certificate templates of the provincial Department of Home Affairs (data in
demo/data/certificates/templates.json), with a generated seal and signature, and certificates
for whatever completions and prizes the courses and contests demos created. Idempotent: a
second run creates nothing new."""

import io
import math

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from certificates.models import CertificateTemplate
from demo.files import read_json

from . import report


def templates_data():
    return read_json("certificates/templates.json")


def template_data(key):
    """One template of templates.json ("course" or "prize") with its body as one text."""
    data = templates_data()["templates"][key]
    return {**data, "body": "\n".join(data["body"])}


def _font(size):
    path = finders.find("fonts/LiberationSans-Bold.ttf")
    return ImageFont.truetype(path, size) if path else ImageFont.load_default()


def seal_png(text=None):
    """A round red seal: two rings, a star and the agency's name around the edge."""
    text = text or templates_data()["seal"]["text"]
    size = 480
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = (200, 16, 30, 230)
    centre = size / 2
    draw.ellipse((8, 8, size - 8, size - 8), outline=red, width=14)
    draw.ellipse((92, 92, size - 92, size - 92), outline=red, width=6)
    star = []
    for i in range(10):
        radius = 70 if i % 2 == 0 else 28
        angle = math.pi / 2 + i * math.pi / 5
        star.append((centre + radius * math.cos(angle), centre - radius * math.sin(angle)))
    draw.polygon(star, fill=red)
    font = _font(34)
    for i, letter in enumerate(text):
        angle = math.pi - i * 2 * math.pi / len(text)
        x = centre + 165 * math.cos(angle)
        y = centre - 165 * math.sin(angle)
        glyph = Image.new("RGBA", (48, 48), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((24, 24), letter, font=font, fill=red, anchor="mm")
        glyph = glyph.rotate(math.degrees(angle) - 90, resample=Image.BICUBIC)
        image.alpha_composite(glyph, (int(x - 24), int(y - 24)))
    return _png(image)


def signature_png():
    image = Image.new("RGBA", (520, 180), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    points = [(20 + x, 100 + 38 * math.sin(x / 23) * math.cos(x / 71)) for x in range(0, 470, 3)]
    draw.line(points, fill=(20, 40, 140, 255), width=6, joint="curve")
    draw.line([(60, 140), (430, 120)], fill=(20, 40, 140, 255), width=4)
    return _png(image)


def _png(image):
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _template(key, data, command):
    template_fields = template_data(key)
    name = template_fields.pop("name")
    template, created = CertificateTemplate.objects.get_or_create(
        name=name, defaults={**data["defaults"], **template_fields}
    )
    if not template.seal:
        seal = ContentFile(seal_png(data["seal"]["text"]))
        template.seal.save(data["seal"]["file"], seal, save=False)
    if not template.signature:
        template.signature.save(data["signature"]["file"], ContentFile(signature_png()), save=False)
    template.save()
    if created:
        report(command, f"certificates: template “{name}”")
    return template


def seed(command=None):
    data = templates_data()
    course_template = _template("course", data, command)
    prize_template = _template("prize", data, command)
    issued = 0
    issued += _seed_courses(course_template)
    issued += _seed_contests(prize_template)
    report(command, f"certificates: {issued} new certificates")


def _seed_courses(template):
    from courses.certificates import issue_for_course
    from courses.models import Course

    issued = 0
    courses = Course.objects.filter(registrations__status="completed").distinct()
    for course in courses:
        if course.certificate_template_id is None:
            course.certificate_template = template
            course.save(update_fields=["certificate_template"])
        issued += issue_for_course(course).issued
    return issued


def _seed_contests(template):
    from contests.certificates import issue_for_round
    from contests.models import Round

    issued = 0
    rounds = Round.objects.filter(results_published_at__isnull=False, prizes__isnull=False)
    for round_ in rounds.select_related("contest").distinct():
        contest = round_.contest
        if contest.certificate_template_id is None:
            contest.certificate_template = template
            contest.save(update_fields=["certificate_template"])
        issued += issue_for_round(round_).issued
    return issued
