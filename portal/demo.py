"""Demo content of the portal: home page, news, pages, comments, a poll, settings, workflow.

Idempotent: everything is found by a natural key (slug, title, question) before it is created.
The articles were written for this project; the province and its people are fictional.
"""

import hashlib
import random
from datetime import datetime
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

from .models import (
    Comment,
    HomePage,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    Poll,
    PollChoice,
    PortalSettings,
    StandardPage,
)

FONT = Path(settings.BASE_DIR) / "static" / "fonts" / "LiberationSans-Bold.ttf"

CATEGORIES = [
    ("chi-dao-dieu-hanh", "Chỉ đạo, điều hành"),
    ("dich-vu-cong", "Dịch vụ công"),
    ("chuyen-doi-so", "Chuyển đổi số"),
    ("dao-tao-boi-duong", "Đào tạo, bồi dưỡng"),
    ("cuoc-thi", "Cuộc thi"),
]


def _at(*parts):
    return datetime(*parts, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _p(*paragraphs):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs]


def _h(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def _q(text, who):
    return {"type": "quote", "value": {"text": text, "attribution": who}}


# slug, title, when, category, tags, featured, author, unit code, lead, body, colours, credit
ARTICLES = [
    (
        "ke-hoach-cai-cach-hanh-chinh-nam-2026",
        "Tỉnh An Lạc ban hành Kế hoạch cải cách hành chính năm 2026",
        _at(2026, 1, 9, 16, 27),
        "chi-dao-dieu-hanh",
        ["kế hoạch", "cải cách hành chính", "năm 2026"],
        True,
        "Minh Đức",
        "SNV",
        "Ủy ban nhân dân tỉnh An Lạc vừa ban hành Kế hoạch cải cách hành chính năm 2026 với 42 "
        "nhiệm vụ cụ thể, tập trung vào cắt giảm thủ tục, số hóa hồ sơ và nâng cao sự hài lòng "
        "của người dân.",
        [
            *_p(
                "Theo kế hoạch, đến hết năm 2026, toàn tỉnh phấn đấu 80% hồ sơ thủ tục hành chính "
                "được tiếp nhận và giải quyết trực tuyến toàn trình; 100% kết quả giải quyết được "
                "số hóa và trả cho người dân qua tài khoản định danh điện tử.",
                "Kế hoạch giao Sở Nội vụ làm cơ quan thường trực, theo dõi, đôn đốc các sở, ban, "
                "ngành và Ủy ban nhân dân cấp xã triển khai; định kỳ hằng quý tổng hợp, báo cáo "
                "Chủ tịch Ủy ban nhân dân tỉnh.",
            ),
            _h("Sáu nhóm nhiệm vụ trọng tâm"),
            *_p(
                "Các nhiệm vụ được chia thành sáu nhóm: cải cách thể chế, cải cách thủ tục hành "
                "chính, cải cách tổ chức bộ máy, cải cách chế độ công vụ, cải cách tài chính công "
                "và xây dựng chính quyền số. Mỗi nhiệm vụ có đơn vị chủ trì, thời hạn và sản phẩm "
                "cụ thể.",
            ),
            _q(
                "Cải cách hành chính phải đo bằng thời gian và chi phí mà người dân tiết kiệm "
                "được, không đo bằng số văn bản ban hành.",
                "Giám đốc Sở Nội vụ tỉnh An Lạc",
            ),
            *_p(
                "Kế hoạch cũng yêu cầu mỗi cơ quan tổ chức ít nhất một lớp bồi dưỡng kiến thức cải "
                "cách hành chính cho cán bộ, công chức và hưởng ứng cuộc thi tìm hiểu cải cách "
                "hành chính do tỉnh phát động.",
            ),
        ],
        ("#0b4f9c", "#5aa0e6"),
        "M.Đ",
    ),
    (
        "khai-giang-lop-boi-duong-ky-nang-giai-quyet-thu-tuc",
        "Khai giảng lớp bồi dưỡng kỹ năng giải quyết thủ tục hành chính cho công chức cấp xã",
        _at(2026, 2, 23, 8, 15),
        "dao-tao-boi-duong",
        ["bồi dưỡng", "cấp xã", "một cửa"],
        True,
        "Thu Hà",
        "SNV",
        "Sáng 23/02, Sở Nội vụ khai giảng lớp bồi dưỡng kỹ năng tiếp nhận và giải quyết thủ tục "
        "hành chính cho 65 công chức làm việc tại bộ phận một cửa của các phường, xã.",
        [
            *_p(
                "Lớp học kéo dài năm ngày, kết hợp học trực tiếp và trực tuyến. Học viên được hướng "
                "dẫn quy trình tiếp nhận hồ sơ điện tử, kỹ năng giao tiếp với người dân, cách xử lý "
                "các tình huống khó và sử dụng hệ thống thông tin giải quyết thủ tục hành chính.",
                "Cuối khóa, học viên làm bài kiểm tra trực tuyến trên cổng thông tin; người đạt từ "
                "5 điểm trở lên được cấp giấy chứng nhận hoàn thành khóa học có mã xác minh.",
            ),
            _h("Học từ tình huống thực tế"),
            *_p(
                "Giảng viên là các chuyên gia của Sở Nội vụ, Sở Tư pháp và những công chức một cửa "
                "có nhiều kinh nghiệm. Mỗi buổi học dành thời gian thảo luận những hồ sơ bị trả lại "
                "nhiều lần để tìm nguyên nhân và cách khắc phục.",
            ),
        ],
        ("#1d6b2f", "#7cc48d"),
        "T.H",
    ),
    (
        "phat-dong-cuoc-thi-tim-hieu-cai-cach-hanh-chinh-2026",
        "Phát động Cuộc thi trực tuyến “Tìm hiểu cải cách hành chính tỉnh An Lạc năm 2026”",
        _at(2026, 3, 2, 9, 0),
        "cuoc-thi",
        ["cuộc thi", "cải cách hành chính", "trực tuyến"],
        True,
        "Quốc Anh",
        "SNV",
        "Cuộc thi diễn ra trong bốn tuần, mỗi tuần một lượt thi gồm 20 câu hỏi trắc nghiệm và một "
        "câu hỏi dự đoán; mọi cán bộ, công chức, viên chức và người dân trong tỉnh đều có thể "
        "tham gia.",
        [
            *_p(
                "Người dự thi đăng ký tài khoản trên cổng thông tin bằng địa chỉ thư điện tử, chọn "
                "đơn vị công tác và làm bài trong thời gian 15 phút. Mỗi tuần, mỗi người được thi "
                "tối đa hai lần; lần có kết quả cao nhất được dùng để xét giải.",
                "Ban tổ chức trao giải cho cá nhân theo từng tuần và giải tập thể cho các đơn vị có "
                "tỷ lệ tham gia cao nhất. Người đạt giải được cấp giấy chứng nhận có mã xác minh.",
            ),
            _h("Nội dung thi"),
            *_p(
                "Câu hỏi xoay quanh Chương trình tổng thể cải cách hành chính nhà nước, quy định "
                "về thực hiện cơ chế một cửa, một cửa liên thông, dịch vụ công trực tuyến và các "
                "văn bản của tỉnh về cải cách hành chính.",
            ),
        ],
        ("#a51d1d", "#f08a5d"),
        "Q.A",
    ),
    (
        "ket-qua-tuan-1-cuoc-thi-tim-hieu-cai-cach-hanh-chinh",
        "Công bố kết quả Tuần 1 Cuộc thi tìm hiểu cải cách hành chính",
        _at(2026, 3, 10, 15, 40),
        "cuoc-thi",
        ["cuộc thi", "kết quả"],
        False,
        "Quốc Anh",
        "SNV",
        "Tuần thi thứ nhất thu hút 4.812 lượt dự thi của 3.967 người đến từ 41 đơn vị; 126 người "
        "trả lời đúng toàn bộ 20 câu hỏi.",
        [
            *_p(
                "Giải Nhất tuần thuộc về một công chức Ủy ban nhân dân phường Trung Tâm với 20/20 "
                "câu đúng, dự đoán sát nhất số người trả lời đúng và thời gian làm bài 6 phút 12 "
                "giây.",
                "Ban tổ chức cũng công bố đơn vị có tỷ lệ cán bộ tham gia cao nhất tuần là Sở Tư "
                "pháp, với 97% công chức dự thi.",
            ),
            {
                "type": "table",
                "value": {
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "data": [
                        ["Giải", "Số lượng", "Giá trị"],
                        ["Giải Nhất", "1", "2.000.000 đồng"],
                        ["Giải Nhì", "2", "1.000.000 đồng"],
                        ["Giải Ba", "3", "500.000 đồng"],
                        ["Giải Khuyến khích", "10", "200.000 đồng"],
                    ],
                },
            },
        ],
        ("#7a4b00", "#f2c14e"),
        "Q.A",
    ),
    (
        "trung-tam-phuc-vu-hanh-chinh-cong-phuong-trung-tam",
        "Trung tâm Phục vụ hành chính công phường Trung Tâm chính thức đi vào hoạt động",
        _at(2026, 3, 16, 7, 30),
        "dich-vu-cong",
        ["một cửa", "phường Trung Tâm", "dịch vụ công"],
        False,
        "Lan Phương",
        "P-TRUNGTAM",
        "Với 12 quầy tiếp nhận, khu tự phục vụ có máy tra cứu và hỗ trợ nộp hồ sơ trực tuyến, "
        "trung tâm mới giúp người dân giải quyết phần lớn thủ tục tại một nơi.",
        [
            *_p(
                "Trung tâm bố trí công chức của các lĩnh vực tư pháp – hộ tịch, đất đai, xây dựng, "
                "lao động – thương binh và xã hội làm việc theo ca, kể cả sáng thứ Bảy.",
                "Người dân có thể đặt lịch hẹn trước qua cổng dịch vụ công, nhận thông báo khi hồ "
                "sơ có kết quả và đánh giá mức độ hài lòng ngay tại quầy.",
            ),
            _q(
                "Trước đây tôi phải đến ba nơi để làm thủ tục cho con, nay chỉ mất một buổi sáng.",
                "Bà Nguyễn Thị Hòa, phường Trung Tâm",
            ),
        ],
        ("#0f6e6e", "#6cc5c5"),
        "L.P",
    ),
    (
        "ho-so-truc-tuyen-toan-trinh-tang-manh-quy-i",
        "Tỷ lệ hồ sơ trực tuyến toàn trình tăng mạnh trong quý I",
        _at(2026, 4, 3, 10, 5),
        "chuyen-doi-so",
        ["dịch vụ công trực tuyến", "chuyển đổi số"],
        False,
        "Minh Đức",
        "SKHCN",
        "Quý I/2026, tỷ lệ hồ sơ được nộp và giải quyết trực tuyến toàn trình trên địa bàn tỉnh "
        "đạt 71,4%, tăng gần 18 điểm phần trăm so với cùng kỳ năm trước.",
        [
            *_p(
                "Kết quả này có được nhờ việc tái sử dụng dữ liệu đã số hóa: người dân không phải "
                "nộp lại giấy tờ mà cơ quan nhà nước đã có, đồng thời lệ phí được thanh toán trực "
                "tuyến.",
                "Một số lĩnh vực như đất đai, xây dựng vẫn có tỷ lệ thấp do hồ sơ phức tạp; Sở "
                "Khoa học và Công nghệ đang phối hợp với các sở rà soát để đơn giản hóa biểu mẫu.",
            ),
        ],
        ("#3b2f87", "#9f8fe8"),
        "M.Đ",
    ),
    (
        "tiep-nhan-ho-so-ngoai-gio-hanh-chinh",
        "Phường Trung Tâm thí điểm tiếp nhận hồ sơ ngoài giờ hành chính",
        _at(2026, 4, 20, 17, 10),
        "dich-vu-cong",
        ["phường Trung Tâm", "một cửa"],
        False,
        "Lan Phương",
        "P-TRUNGTAM",
        "Từ ngày 04/5, bộ phận một cửa phường Trung Tâm tiếp nhận hồ sơ đến 19 giờ các ngày thứ "
        "Ba và thứ Năm, phục vụ người lao động không thể đến trong giờ hành chính.",
        [
            *_p(
                "Thời gian thí điểm là ba tháng. Sau mỗi tháng, phường sẽ khảo sát ý kiến người "
                "dân và số lượng hồ sơ tiếp nhận để quyết định có duy trì hay mở rộng hay không.",
            ),
        ],
        ("#5b3a1e", "#d9a066"),
        "L.P",
    ),
    (
        "kiem-tra-cong-tac-cai-cach-hanh-chinh-don-vi-su-nghiep",
        "Sở Nội vụ kiểm tra công tác cải cách hành chính tại các đơn vị sự nghiệp",
        _at(2026, 5, 12, 14, 0),
        "chi-dao-dieu-hanh",
        ["kiểm tra", "đơn vị sự nghiệp"],
        False,
        "Thu Hà",
        "SNV",
        "Đoàn kiểm tra của Sở Nội vụ làm việc tại 8 đơn vị sự nghiệp công lập, tập trung vào "
        "việc niêm yết thủ tục, giải quyết hồ sơ đúng hạn và xử lý phản ánh, kiến nghị.",
        [
            *_p(
                "Qua kiểm tra, phần lớn đơn vị đã công khai đầy đủ thủ tục và kênh tiếp nhận phản "
                "ánh. Đoàn đề nghị một số đơn vị cập nhật lại quy trình nội bộ và tăng cường bồi "
                "dưỡng cho viên chức trực tiếp giao dịch với người dân.",
            ),
        ],
        ("#26415e", "#8fb3d9"),
        "T.H",
    ),
    (
        "tra-cuu-tinh-trang-ho-so-bang-ma-qr",
        "Hướng dẫn người dân tra cứu tình trạng hồ sơ bằng mã QR",
        _at(2026, 6, 1, 8, 45),
        "chuyen-doi-so",
        ["hướng dẫn", "dịch vụ công trực tuyến"],
        False,
        "Quốc Anh",
        "SKHCN",
        "Mỗi giấy tiếp nhận hồ sơ nay in kèm một mã QR; người dân chỉ cần quét mã bằng điện "
        "thoại để biết hồ sơ đang ở bước nào và ngày hẹn trả kết quả.",
        [
            _h("Ba bước đơn giản"),
            *_p(
                "Bước 1: mở ứng dụng máy ảnh trên điện thoại. Bước 2: hướng máy ảnh vào mã QR trên "
                "giấy tiếp nhận. Bước 3: chạm vào đường dẫn hiện ra để xem tình trạng hồ sơ.",
                "Việc tra cứu không cần đăng nhập và không hiển thị thông tin cá nhân của người "
                "nộp hồ sơ.",
            ),
        ],
        ("#1a5c3a", "#9ad0a9"),
        "Q.A",
    ),
]


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


def ensure_home():
    """The portal's HomePage as the root of the default site, replacing Wagtail's welcome page."""
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
        home = HomePage(
            title="Trang chủ",
            slug="trang-chu",
            intro="<p>Cổng thông tin cải cách hành chính tỉnh An Lạc: tin tức, khóa học, cuộc thi "
            "và xác minh giấy chứng nhận.</p>",
            seo_title="Cổng thông tin cải cách hành chính tỉnh An Lạc",
        )
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


def seed_pages(home):
    news_index = child(
        home,
        NewsIndexPage,
        "tin-tuc",
        title="Tin tức",
        intro="<p>Tin hoạt động cải cách hành chính của tỉnh An Lạc.</p>",
    )
    child(
        home,
        StandardPage,
        "gioi-thieu",
        title="Giới thiệu",
        intro="Cổng thông tin cải cách hành chính do Sở Nội vụ tỉnh An Lạc quản lý.",
        body=_p(
            "Cổng thông tin là nơi công khai kế hoạch, kết quả cải cách hành chính của tỉnh; tổ "
            "chức bồi dưỡng trực tuyến cho cán bộ, công chức, viên chức và các cuộc thi tìm hiểu "
            "cải cách hành chính.",
            "Mọi giấy chứng nhận do cổng cấp đều có mã xác minh để cơ quan, đơn vị kiểm tra.",
        ),
    )
    child(
        home,
        StandardPage,
        "lien-he",
        title="Liên hệ",
        intro="Sở Nội vụ tỉnh An Lạc, cơ quan thường trực cải cách hành chính của tỉnh.",
        body=_p(
            f"Địa chỉ: {settings.AGENCY_ADDRESS}.",
            f"Điện thoại: {settings.AGENCY_PHONE}. Thư điện tử: {settings.AGENCY_EMAIL}.",
            "Giờ làm việc: sáng 7 giờ 30 – 11 giờ 30, chiều 13 giờ 30 – 17 giờ, từ thứ Hai đến thứ "
            "Sáu.",
        ),
    )
    english = child(
        home,
        StandardPage,
        "en",
        title="English",
        language="en",
        intro="The administrative reform portal of An Lac province, run by its Department of Home Affairs.",
    )
    child(
        english,
        StandardPage,
        "about",
        title="About us",
        language="en",
        intro="Who we are and what this portal offers.",
        body=_p(
            "The Department of Home Affairs of An Lac province coordinates the province's "
            "administrative reform programme: simpler procedures, online public services, and "
            "training for civil servants.",
            "This portal publishes reform news, runs online courses and reform quiz contests, and "
            "issues certificates that anyone can verify online.",
        ),
    )
    child(
        english,
        StandardPage,
        "contact",
        title="Contact",
        language="en",
        intro="How to reach the Department of Home Affairs.",
        body=_p(
            "Address: No. 1 Tran Hung Dao street, Trung Tam ward, An Lac province, Viet Nam.",
            f"Telephone: {settings.AGENCY_PHONE}. Email: {settings.AGENCY_EMAIL}.",
            "Office hours: Monday to Friday, 7:30–11:30 and 13:30–17:00 (UTC+7).",
        ),
    )
    return news_index


def seed_news(news_index):
    categories = {}
    for order, (slug, name) in enumerate(CATEGORIES):
        categories[slug], _ = NewsCategory.objects.update_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )
    units = {unit.code: unit for unit in Unit.objects.filter(code__in={a[7] for a in ARTICLES})}
    pages = []
    for (
        slug,
        title,
        when,
        category,
        tags,
        featured,
        author,
        unit,
        lead,
        body,
        colours,
        credit,
    ) in ARTICLES:
        page = NewsPage.objects.filter(slug=slug).first()
        if page is None:
            image = demo_image(f"Ảnh minh họa: {title}", colours, "Cổng CCHC tỉnh An Lạc")
            page = NewsPage(
                title=title,
                slug=slug,
                date=when,
                lead=lead,
                body=body,
                category=categories[category],
                featured=featured,
                author=author,
                source_unit=units.get(unit),
                hero_image=image,
                hero_caption=f"Ảnh minh họa: {title}",
                hero_credit=credit,
            )
            news_index.add_child(instance=page)
            page.tags.add(*tags)
            revision = page.save_revision()
            revision.publish()
            # The article's date is the publication date readers see.
            NewsPage.objects.filter(pk=page.pk).update(first_published_at=page.date)
        pages.append(page)
    return pages


COMMENTS = [
    (
        0,
        "Trần Văn Bình",
        "binh.tv@example.com",
        "Kế hoạch rất cụ thể. Mong tỉnh công bố kết quả từng quý để người dân theo dõi.",
        "approved",
    ),
    (
        0,
        "Lê Thị Mai",
        "mai.lt@example.com",
        "Đề nghị bổ sung chỉ tiêu về thời gian trả kết quả cho hồ sơ đất đai.",
        "approved",
    ),
    (
        4,
        "Phạm Minh Tuấn",
        "tuan.pm@example.com",
        "Tôi đã làm thủ tục ở trung tâm mới, cán bộ hướng dẫn rất tận tình.",
        "approved",
    ),
    (
        2,
        "Nguyễn Hoàng Nam",
        "nam.nh@example.com",
        "Người đã nghỉ hưu có được tham gia cuộc thi không ạ?",
        "pending",
    ),
    (
        6,
        "Đỗ Thu Trang",
        "trang.dt@example.com",
        "Nên mở thêm cả sáng Chủ nhật cho công nhân khu công nghiệp.",
        "pending",
    ),
]


def seed_comments(pages):
    for index, name, email, body, status in COMMENTS:
        Comment.objects.get_or_create(
            page=pages[index], name=name, body=body, defaults={"email": email, "status": status}
        )


def seed_poll():
    poll, created = Poll.objects.get_or_create(
        question="Bạn đánh giá thế nào về chất lượng phục vụ của bộ phận một cửa nơi bạn sinh sống?",
        defaults={
            "opens_at": timezone.now(),
            "closes_at": None,
            "placement": Poll.Placement.EVERYWHERE,
        },
    )
    if created:
        for order, text in enumerate(["Rất hài lòng", "Hài lòng", "Bình thường", "Chưa hài lòng"]):
            PollChoice.objects.create(poll=poll, text=text, sort_order=order)
    return poll


def seed_settings():
    site_settings = PortalSettings.load()
    site_settings.agency_name = site_settings.agency_name or settings.AGENCY_NAME
    site_settings.address = site_settings.address or settings.AGENCY_ADDRESS
    site_settings.phone = site_settings.phone or settings.AGENCY_PHONE
    site_settings.email = site_settings.email or settings.AGENCY_EMAIL
    if not site_settings.info_body:
        site_settings.info_title = "Thông tin cần biết"
        site_settings.info_body = (
            "<p><b>Thời tiết An Lạc:</b> nhiều mây, có mưa rào rải rác, nhiệt độ 24–31°C.</p>"
            "<ul><li>Bộ phận một cửa làm việc sáng thứ Bảy từ 7 giờ 30 đến 11 giờ 30.</li>"
            "<li>Tổng đài hỗ trợ dịch vụ công: 1022.</li></ul>"
        )
    if not site_settings.alert_text:
        site_settings.alert_text = "Tuần 2 Cuộc thi tìm hiểu cải cách hành chính đang diễn ra."
        site_settings.alert_level = PortalSettings.AlertLevel.INFO
        site_settings.alert_link = "/cuoc-thi/"
    site_settings.save()


def seed_workflow(home):
    """Editors submit; organizers approve and publish (and may schedule)."""
    organizers = Group.objects.filter(name=roles.ORGANIZERS).first()
    if organizers is None:
        return None
    task = GroupApprovalTask.objects.filter(name="Ban tổ chức duyệt tin bài").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Ban tổ chức duyệt tin bài")
    task.groups.set([organizers])
    workflow, _ = Workflow.objects.get_or_create(name="Duyệt tin bài")
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0}
    )
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow


def seed(command):
    home = ensure_home()
    news_index = seed_pages(home)
    pages = seed_news(news_index)
    seed_comments(pages)
    seed_poll()
    seed_settings()
    seed_workflow(home)
    command.stdout.write(f"  portal: {len(pages)} articles, {Comment.objects.count()} comments")
