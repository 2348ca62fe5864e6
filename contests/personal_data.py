"""The contests app's part of a person's data (registered in wagtail_hooks.py).

Deleting an account erases what an entry holds about the person (full name, date of birth, CCCD,
phone) and keeps the entry's unit, attempts, scores, predictions, ranks and prizes: removing them
would change everyone else's rank and the units' participation rates. Results then show the
anonymised label in place of the name.
"""

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import (
    PersonalDataSection,
    erased_name,
    field_label,
    relabel_log_entries,
)

from .models import Attempt, Entry, Prize

LABELS = {
    "entries": Entry._meta.verbose_name_plural,
    "contest": field_label(Entry, "contest"),
    "group": field_label(Entry, "group"),
    "full_name": field_label(Entry, "full_name"),
    "date_of_birth": field_label(Entry, "date_of_birth"),
    "cccd": field_label(Entry, "cccd"),
    "phone": field_label(Entry, "phone"),
    "unit": field_label(Entry, "unit"),
    "entered_at": field_label(Entry, "created_at"),
    "consented_at": field_label(Entry, "consented_at"),
    "voided_at": field_label(Entry, "voided_at"),
    "void_reason": field_label(Entry, "void_reason"),
    "attempts": Attempt._meta.verbose_name_plural,
    "round": field_label(Attempt, "round"),
    "number": field_label(Attempt, "number"),
    "started_at": field_label(Attempt, "started_at"),
    "submitted_at": field_label(Attempt, "submitted_at"),
    "score": field_label(Attempt, "score"),
    "prediction": field_label(Attempt, "prediction"),
    "prizes": Prize._meta.verbose_name_plural,
    "level": field_label(Prize, "level"),
}


def export(user) -> dict:
    entries = Entry.objects.filter(person=user).select_related("contest", "unit", "group")
    return {
        "entries": [
            {
                "contest": entry.contest.title,
                "group": entry.group.name,
                "full_name": entry.full_name,
                "date_of_birth": entry.date_of_birth,
                "cccd": entry.cccd,
                "phone": entry.phone,
                "unit": entry.unit.name if entry.unit_id else None,
                "entered_at": entry.created_at,
                "consented_at": entry.consented_at,
                "voided_at": entry.voided_at,
                "void_reason": entry.void_reason,
                "attempts": [
                    {
                        "round": attempt.round.title,
                        "number": attempt.number,
                        "started_at": attempt.started_at,
                        "submitted_at": attempt.submitted_at,
                        # Only what the round's policy lets the person see now (a round that
                        # never shows scores must not reveal them through the download).
                        "score": attempt.score
                        if attempt.score is not None
                        and attempt.round.reveals("show_score", attempt_done=not attempt.is_open)
                        else None,
                        "prediction": attempt.prediction,
                    }
                    for attempt in entry.attempts.select_related("round").order_by("started_at")
                ],
            }
            for entry in entries
        ],
        # Prizes are shown only once their round's results are published.
        "prizes": [
            {
                "contest": prize.round.contest.title,
                "round": prize.round.title,
                "level": prize.get_level_display(),
            }
            for prize in Prize.objects.filter(
                person=user, round__results_published_at__isnull=False
            ).select_related("round__contest")
        ],
    }


def erase(user, now) -> None:
    name = erased_name()
    entries = Entry.objects.filter(person=user)
    entries.update(full_name=name, date_of_birth=None, cccd="", phone="")
    entries = entries.select_related("contest")
    relabel_log_entries(entries)
    relabel_log_entries(Attempt.objects.filter(entry__person=user).select_related("entry", "round"))
    relabel_log_entries(
        Prize.objects.filter(person=user), label=lambda p: f"{p.get_level_display()} – {name}"
    )
    # The published results show the prize winners' names (an update sends no signal).
    from .page_cache import purge_rounds

    purge_rounds(Prize.objects.filter(person=user).values_list("round_id", flat=True).distinct())


SECTION = PersonalDataSection(
    name="contests",
    label=_("Contests"),
    export=export,
    erase=erase,
    labels=LABELS,
    on_deletion=_(
        "Contests: the full name, date of birth, citizen ID and phone of your entries are "
        "erased. Scores, ranks and prizes stay so that the results remain true for everyone; "
        "published results show “Deleted account” instead of your name."
    ),
    order=30,
)
