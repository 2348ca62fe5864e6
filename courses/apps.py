from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from accounts.services import RETAINED_NAME_CHECKS, register_personal_data_section

        register_personal_data_section("courses", personal_data)
        RETAINED_NAME_CHECKS.append(has_completed_course)


def personal_data(user) -> dict:
    from .models import Attendance, Registration

    registrations = Registration.objects.filter(person=user).select_related("course")
    attendance = Attendance.objects.filter(registration__person=user).select_related("session")
    return {
        "registrations": [
            {
                "course": r.course.title,
                "status": r.status,
                "registered_at": r.created_at.isoformat(),
                "answers": r.answers,
                "final_test_score": str(r.final_test_score)
                if r.final_test_score is not None
                else None,
                "completed_at": r.completed_at.isoformat() if r.completed_at else None,
                "reason": r.reason,
            }
            for r in registrations
        ],
        "attendance": [
            {
                "session": str(a.session),
                "status": a.status,
                "recorded_at": a.recorded_at.isoformat(),
            }
            for a in attendance
        ],
    }


def has_completed_course(user) -> bool:
    """A confirmed completion is a training record (and the source of a certificate)."""
    from .models import Registration

    return Registration.objects.filter(person=user, status=Registration.Status.COMPLETED).exists()
