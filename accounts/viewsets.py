"""The accounts app's admin viewsets: people (Wagtail's users screens with our forms) and units.

Registered in wagtail_hooks.py; the custom import screens are in admin_views.py.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .admin_forms import UserCreationForm, UserEditForm
from .models import Unit, UnitGroup


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return UserEditForm if for_update else UserCreationForm


class UnitIndexView(IndexView):
    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        # Names typed with or without tone marks; codes as typed.
        return queryset.filter(
            Q(pk__in=queryset.search(self.search_query).values("pk"))
            | Q(code__icontains=self.search_query)
        )


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "site"
    menu_label = _("Units")
    menu_order = 100
    index_view_class = UnitIndexView
    list_display = ["name", "code", "kind", "group", "headcount", "parent", "valid_to"]
    list_filter = ["kind", "group"]
    list_export = ["code", "name", "kind", "group", "parent", "headcount", "valid_from", "valid_to"]
    export_filename = "don-vi"
    search_fields = ["name", "code"]
    ordering = ["sort_order", "name"]
    list_per_page = 50

    def get_queryset(self, request):
        return Unit.objects.select_related("group", "parent")


class UnitGroupViewSet(SnippetViewSet):
    model = UnitGroup
    icon = "group"
    menu_label = _("Unit groups")
    menu_order = 110
    list_display = ["name", "code", "sort_order"]


class UnitAdminGroup(SnippetViewSetGroup):
    items = (UnitViewSet, UnitGroupViewSet)
    menu_icon = "site"
    menu_label = _("Units")
    menu_name = "units"
    menu_order = 900
