"""The three staff roles and the permissions each needs.

Each app declares its own in `<app>/roles.py` as ROLE_PERMISSIONS = {role: ["app_label.codename"]};
`manage.py setup_roles` (run by seed_demo, and once per deployment) applies them all.
"""

from django.utils.translation import gettext_lazy as _

EDITORS = "Biên tập viên"
ORGANIZERS = "Ban tổ chức"
COORDINATORS = "Cán bộ phụ trách đơn vị"

ROLE_LABELS = {
    EDITORS: _("Editors"),
    ORGANIZERS: _("Organizers"),
    COORDINATORS: _("Unit coordinators"),
}

ROLE_PERMISSIONS = {
    EDITORS: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
    ORGANIZERS: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "accounts.view_unit",
        "accounts.add_unit",
        "accounts.change_unit",
        "accounts.view_unitgroup",
        "accounts.change_unitgroup",
        # Confirms people's work units from the units' staff lists (Settings → Import staff lists).
        "accounts.confirm_unit",
    ],
    COORDINATORS: [],
}

# Page permissions on the site's root page: editors draft and submit, organizers also publish.
PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    ORGANIZERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
