"""The page editor's form with a slug clash explained, and a free slug suggested.

Wagtail 8 saves drafts of new pages by itself, so a second article with the same headline
clashes with a draft nobody sees in the listing; Wagtail only says the slug is taken. Pages use
this form through `base_form_class = VietnamesePageForm`.
"""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from .slugs import free_slug


class VietnamesePageForm(WagtailAdminPageForm):
    def _post_clean(self):
        # After the model's own validation, which may add its own clash message as well.
        super()._post_clean()
        slug = self.cleaned_data.get("slug") or self.data.get(self.add_prefix("slug"), "")
        if "slug" not in self.errors or not slug or self.parent_page is None:
            return
        siblings = self.parent_page.get_children()
        if self.instance.pk:
            siblings = siblings.not_page(self.instance)
        if not siblings.filter(slug=slug).exists():
            return
        suggestion = free_slug(slug, lambda candidate: siblings.filter(slug=candidate).exists())
        message = _(
            "Another page in this section (perhaps a draft not yet published) already uses the "
            "slug '%(slug)s'. Use '%(suggestion)s' instead, or another slug of your choice."
        ) % {"slug": slug, "suggestion": suggestion}
        self.errors["slug"] = self.error_class([message])
