"""Admin views shared by the apps' viewsets."""

from django.contrib import messages
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import DeleteView


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
