import factory

from certificates.models import CertificateTemplate

BODY = (
    "Chứng nhận ông/bà: {ho_ten}\n"
    "Ngày sinh: {ngay_sinh}\n"
    "Đơn vị công tác: {don_vi}\n"
    "Đã hoàn thành: {noi_dung}\n"
    "Thời gian: {thoi_gian}\n"
    "Xếp loại: {xep_loai}"
)


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateTemplate

    name = factory.Sequence(lambda n: f"Mẫu giấy chứng nhận {n}")
    kind = CertificateTemplate.Kind.CERTIFICATE
    parent_agency = "Ủy ban nhân dân tỉnh An Lạc"
    agency = "Sở Nội vụ tỉnh An Lạc"
    agency_code = "SNV"
    title = "GIẤY CHỨNG NHẬN"
    body = BODY
    signer_title = "GIÁM ĐỐC"
    signer_name = "Trần Văn Bình"
