"""Admin views shared by the apps: the base of every custom admin screen, the menu item that
checks a permission, the bridge from a service's error to a message, and a protected delete."""

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.snippets.views.snippets import DeleteView

from .errors import run_service


class ProtectedDeleteView(DeleteView):
    """Wagtail refuses to delete an object that a protected foreign key points at, but only
    directly: an object whose cascade reaches protected rows (a contest → its entrant groups →
    their entries) gets as far as the database's ProtectedError, a 500. Here it is a message
    on the confirmation page, and nothing is deleted (the collector raises before deleting)."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError as error:
            messages.error(
                self.request,
                _("“%(object)s” cannot be deleted: %(count)s records depend on it.")
                % {"object": self.object, "count": len(error.protected_objects)},
            )
            return redirect(self.request.get_full_path())


# ------------------------------------------------------------------------------------------
# The one shape of a custom admin screen
# ------------------------------------------------------------------------------------------


class CodenamePermissionPolicy(ModelPermissionPolicy):
    """Wagtail's model policy, where an action may also be one of the model's own permission
    codenames (`Meta.permissions`, e.g. "manage_registrations"), not only add/change/delete."""

    def _get_permission_name(self, action):
        if action in ("add", "change", "delete", "view"):
            return super()._get_permission_name(action)
        return f"{self.app_label}.{action}"

    def _get_permission_codenames(self, actions):
        return {self._get_permission_name(action).split(".", 1)[1] for action in actions}


class AdminScreen(PermissionCheckedMixin, WagtailAdminTemplateMixin, View):
    """Base of every custom screen in the Wagtail admin (header, breadcrumbs, permission).

    Set `permission_policy` (usually `CodenamePermissionPolicy(Model)`) and
    `permission_required` (an action or codename); a screen without both refuses to load
    instead of silently letting everyone in (Wagtail's mixin allows all when no policy is set).
    `get_breadcrumbs_items()` extends the base list; `header_icon` names a Wagtail icon.
    """

    permission_policy = None
    header_icon = ""

    def dispatch(self, request, *args, **kwargs):
        if self.permission_policy is None or (
            self.permission_required is None and self.any_permission_required is None
        ):
            raise ImproperlyConfigured(
                f"{type(self).__name__} must set permission_policy and permission_required."
            )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(**kwargs))


class ServiceActionMixin:
    """`self.run(service, *args, success=..., **kwargs)` in a view: the service's `ServiceError`
    becomes an error message, success an optional success message (common.errors.run_service)."""

    def run(self, function, *args, success=None, **kwargs):
        return run_service(self.request, function, *args, success=success, **kwargs)


class PermissionMenuItem(MenuItem):
    """A menu item shown only to people holding `permission` (the view checks it again)."""

    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


# ------------------------------------------------------------------------------------------
# Asking first: Wagtail's confirm pattern for irreversible actions
# ------------------------------------------------------------------------------------------

#: The field (with the value "yes") that the confirmation page adds to the POST it repeats.
CONFIRM_FIELD = "confirm"


class ConfirmStepMixin:
    """An irreversible action asks first, like Wagtail's own delete confirmation: the POST
    without `confirm=yes` does nothing and answers with a page that says what will happen and
    to whom, a "Yes, …" button that repeats the POST with `confirm=yes`, and a "No, go back"
    link. The check is on the server, so a form posted from anywhere else asks too."""

    confirm_template_name = "common/admin/confirm.html"

    def is_confirmed(self):
        return self.request.POST.get(CONFIRM_FIELD) == "yes"

    def ask_first(
        self,
        *,
        question,
        confirm_label,
        back_url,
        consequences=(),
        people=(),
        people_heading="",
        fields=(),
        action_url=None,
        title=None,
    ):
        """The confirmation page. `fields`: (name, value) pairs the repeated POST carries;
        `people`: the names (with a detail) the action is done to."""
        if title is not None:
            self.page_title = title
        context = self.get_context_data(
            confirmation={
                "question": question,
                "consequences": consequences,
                "people": people,
                "people_heading": people_heading,
                "fields": fields,
                "action_url": action_url or self.request.get_full_path(),
                "confirm_label": confirm_label,
                "back_url": back_url,
                "field_name": CONFIRM_FIELD,
            }
        )
        return self.response_class(
            request=self.request,
            template=[self.confirm_template_name],
            context=context,
            using=self.template_engine,
        )
