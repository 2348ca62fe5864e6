from accounts import roles

_CONTENT = [
    "portal.add_newscategory",
    "portal.change_newscategory",
    "portal.view_newscategory",
    "portal.view_comment",
    "portal.change_comment",
    "portal.delete_comment",
    "portal.add_poll",
    "portal.change_poll",
    "portal.view_poll",
]

ROLE_PERMISSIONS = {
    roles.EDITORS: _CONTENT,
    roles.ORGANIZERS: [*_CONTENT, "portal.delete_poll", "portal.change_portalsettings"],
}
