from accounts import roles

# Editors answer readers and decide what is published (nothing reaches the site without them);
# organizers may also delete a question (a reader's request, a duplicate).
_ANSWER = ["qa.view_question", "qa.change_question"]

ROLE_PERMISSIONS = {
    roles.EDITORS: _ANSWER,
    roles.ORGANIZERS: [*_ANSWER, "qa.delete_question"],
}
