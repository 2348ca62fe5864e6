from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Unit, UnitGroup, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["full_name"]
    list_display = ["email", "full_name", "unit", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "staff_category"]
    search_fields = ["email", "full_name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    filter_horizontal = ["groups", "user_permissions", "coordinated_units"]
    readonly_fields = [
        "last_login",
        "date_joined",
        "consented_at",
        "anonymised_at",
        "unit_confirmed_at",
        "unit_confirmed_by",
    ]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "full_name",
                    "date_of_birth",
                    "phone",
                    "cccd",
                    "unit",
                    "unit_confirmed_at",
                    "unit_confirmed_by",
                    "position",
                    "staff_category",
                ]
            },
        ),
        (
            _("Permissions"),
            {
                "fields": [
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                    "coordinated_units",
                ]
            },
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined", "consented_at", "anonymised_at"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "group", "headcount", "valid_from", "valid_to"]
    list_filter = ["kind", "group"]
    search_fields = ["name", "name_folded", "code"]
    list_select_related = ["group"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["predecessors"]


@admin.register(UnitGroup)
class UnitGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort_order"]
