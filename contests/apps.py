from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "contests"
    verbose_name = _("Contests")

    def ready(self):
        from accounts.services import RETAINED_NAME_CHECKS, register_personal_data_section

        register_personal_data_section("contests", personal_data)
        RETAINED_NAME_CHECKS.append(named_in_published_results)


def personal_data(user):
    from .models import Entry

    return [
        {
            "contest": entry.contest.title,
            "full_name": entry.full_name,
            "date_of_birth": entry.date_of_birth.isoformat() if entry.date_of_birth else None,
            "cccd": entry.cccd,
            "phone": entry.phone,
            "unit": entry.unit.name if entry.unit_id else None,
            "entered_at": entry.created_at.isoformat(),
            "attempts": [
                {
                    "round": attempt.round.title,
                    "number": attempt.number,
                    "started_at": attempt.started_at.isoformat(),
                    "submitted_at": attempt.submitted_at.isoformat()
                    if attempt.submitted_at
                    else None,
                    # Only what the round's policy lets the person see now (a round that never
                    # shows scores must not reveal them through the download).
                    "score": str(attempt.score)
                    if attempt.score is not None
                    and attempt.round.reveals("show_score", attempt_done=not attempt.is_open)
                    else None,
                    "prediction": attempt.prediction,
                }
                for attempt in entry.attempts.select_related("round")
            ],
        }
        for entry in Entry.objects.filter(person=user).select_related("contest", "unit")
    ]


def named_in_published_results(user):
    from .models import Prize

    return Prize.objects.filter(person=user, round__results_published_at__isnull=False).exists()
