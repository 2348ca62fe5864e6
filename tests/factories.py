"""Factories shared by every app's tests."""

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import Unit, UnitGroup, User


class UnitGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitGroup
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"nhom-{n}")
    name = factory.Sequence(lambda n: f"Nhóm đơn vị {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"DV{n:04d}")
    name = factory.Sequence(lambda n: f"Ủy ban nhân dân phường Đường Số {n}")
    kind = Unit.Kind.COMMUNE
    group = factory.SubFactory(UnitGroupFactory)
    headcount = 20


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"nguoidung{n}@example.gov.vn")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Người Dùng {n}")
    unit = factory.SubFactory(UnitFactory)
    # Most tests model staff whose unit is settled; pass unit_confirmed_at=None for a claim
    # that awaits its coordinator.
    unit_confirmed_at = factory.LazyAttribute(
        lambda person: timezone.now() if person.unit else None
    )
    staff_category = User.StaffCategory.CONG_CHUC
    password = factory.django.Password("mat-khau-an-toan-2026")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
