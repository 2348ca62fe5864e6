"""Where computed sub-criteria get their numbers: one provider per metric code.

Training and contests are read here through their public modules. Other apps offer a metric
through the `register_parindex_metric` Wagtail hook, so the PAR index need not know them (the
portal offers "news items from the unit in the year"; parindex may not import the portal).
A hook returns a `MetricProvider`-shaped object: `code` (a value of `SubCriterion.Metric`),
`counts(unit_ids, year)` → {unit id: count}, `share` — true when the count is divided by
the unit's confirmed staff and shown as a percentage, false when the count itself is the value —
and `details(unit_id, year)` → the list behind one unit's count, shown to the unit and its
appraisers as evidence: dicts with "name" (a person) or "title" and "url" (an article), and
optionally "course", "contest", "round" and "date". One call per metric, never per row.
"""

from collections.abc import Callable
from dataclasses import dataclass

from wagtail import hooks

HOOK = "register_parindex_metric"


@dataclass(frozen=True)
class MetricProvider:
    code: str
    counts: Callable
    share: bool = True
    details: Callable | None = None


def _training(unit_ids, year):
    from courses.public import completions_by_unit

    return completions_by_unit(unit_ids, year)


def _contest(unit_ids, year):
    from contests.public import participants_by_unit

    return participants_by_unit(unit_ids, year)


def _training_details(unit_id, year):
    from courses.public import completions_of_unit

    return completions_of_unit(unit_id, year)


def _contest_details(unit_id, year):
    from contests.public import participants_of_unit

    return participants_of_unit(unit_id, year)


# Every row has every key, so one template shows any metric's list.
_BLANK_ROW = {
    "name": "",
    "title": "",
    "url": "",
    "course": "",
    "contest": "",
    "round": "",
    "date": None,
}


def details_for(unit_id, year, codes):
    """{metric code: the list behind the unit's value} for the given codes: one provider call
    per code (each one query), whatever the number of sub-criteria or people."""
    found = providers()
    out = {}
    for code in set(codes):
        provider = found.get(code)
        details = getattr(provider, "details", None)
        rows = details(unit_id, year) if details else []
        out[code] = [{**_BLANK_ROW, **row} for row in rows]
    return out


def providers():
    """{metric code: provider}: the built-in ones, then those other apps register."""
    found = {
        "training": MetricProvider("training", _training, details=_training_details),
        "contest": MetricProvider("contest", _contest, details=_contest_details),
    }
    for hook in hooks.get_hooks(HOOK):
        provider = hook()
        found[provider.code] = provider
    return found


def attach_details(scores, unit_id, year):
    """Set `metric_details` on each computed score (the list behind its value; None on other
    points), with one provider call per metric used among `scores`."""
    computed = [s for s in scores if s.sub.method == "computed" and s.sub.metric]
    lists = details_for(unit_id, year, {s.sub.metric for s in computed}) if computed else {}
    for score in scores:
        score.metric_details = None
    for score in computed:
        score.metric_details = lists.get(score.sub.metric, [])
    return scores
