"""The three staff roles and the permissions each needs.

Each app declares its own in `<app>/roles.py` as ROLE_PERMISSIONS = {role: ["app_label.codename"]};
`manage.py setup_roles` (run by seed_demo, and once per deployment) applies them all.
"""

from dataclasses import dataclass

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
    EDITORS: ["wagtailadmin.access_admin"],
    ORGANIZERS: [
        "wagtailadmin.access_admin",
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

_MEDIA = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]

# Wagtail checks image and document permissions per collection (GroupCollectionPermission), never
# through group.permissions: without these an editor can neither upload nor choose an image.
# Given on the root collection, so they hold for every collection made later.
COLLECTION_PERMISSIONS = {EDITORS: _MEDIA, ORGANIZERS: _MEDIA}

# Page permissions on the tree's root, so they hold for whatever home page a production install
# creates after setup_roles ran: editors draft and submit, organizers also publish.
PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    ORGANIZERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}


@dataclass(frozen=True)
class WorkflowSpec:
    """A one-step approval workflow an app declares in its roles.py as WORKFLOWS = [...]."""

    name: str  # the workflow's name in the admin (Vietnamese: it is data, not a msgid)
    task_name: str  # its one group-approval task
    approvers: str  # the role whose members approve
    pages: str  # "app_label.PageModel": the sections the workflow is assigned to
