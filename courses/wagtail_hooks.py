from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_course_actions(actions):
    actions.register_action(
        "courses.approve", _("Approve registration"), _("Registration approved")
    )
    actions.register_action("courses.reject", _("Reject registration"), _("Registration rejected"))
    actions.register_action(
        "courses.cancel", _("Cancel registration"), _("Registration cancelled by an organizer")
    )
    actions.register_action("courses.move", _("Move registration"), _("Registration moved by hand"))
    actions.register_action(
        "courses.nominate", _("Nominate staff"), _("Staff nominated by a unit coordinator")
    )
    actions.register_action("courses.capacity", _("Change capacity"), _("Course capacity changed"))
    actions.register_action("courses.cancel_course", _("Cancel course"), _("Course cancelled"))
    actions.register_action("courses.attendance", _("Record attendance"), _("Attendance recorded"))
    actions.register_action(
        "courses.completion", _("Confirm completion"), _("Completion confirmed")
    )
