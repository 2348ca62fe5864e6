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
    # The admin's "Translate" action (a Vietnamese page copied into the English tree as a draft).
    "simple_translation.submit_translation",
]

ROLE_PERMISSIONS = {
    roles.EDITORS: _CONTENT,
    roles.ORGANIZERS: [*_CONTENT, "portal.delete_poll", "portal.change_portalsettings"],
}

# Editors submit news articles; organizers approve (which publishes them). setup_roles assigns the
# workflow to every news section, or to the tree's root while no news section exists yet.
WORKFLOWS = [
    roles.WorkflowSpec(
        name="Duyệt tin bài",
        task_name="Ban tổ chức duyệt tin bài",
        approvers=roles.ORGANIZERS,
        pages="portal.NewsIndexPage",
    ),
]
