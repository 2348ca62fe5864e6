"""Where computed sub-criteria get their numbers: one provider per metric code.

Training and contests are read here through their public modules. Other apps offer a metric
through the `register_parindex_metric` Wagtail hook, so the PAR index need not know them (the
portal offers "news items from the unit in the year"; parindex may not import the portal).
A hook returns a `MetricProvider`-shaped object: `code` (a value of `SubCriterion.Metric`),
`counts(unit_ids, year)` → {unit id: count}, and `share` — true when the count is divided by
the unit's confirmed staff and shown as a percentage, false when the count itself is the value.
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


def _training(unit_ids, year):
    from courses.public import completions_by_unit

    return completions_by_unit(unit_ids, year)


def _contest(unit_ids, year):
    from contests.public import participants_by_unit

    return participants_by_unit(unit_ids, year)


def providers():
    """{metric code: provider}: the built-in ones, then those other apps register."""
    found = {
        "training": MetricProvider("training", _training),
        "contest": MetricProvider("contest", _contest),
    }
    for hook in hooks.get_hooks(HOOK):
        provider = hook()
        found[provider.code] = provider
    return found
