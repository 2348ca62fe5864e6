""" "Quá trình học tập của tôi": one page where each app shows what a person did there.

Apps contribute through the `register_learning_record` Wagtail hook, which returns a
`LearningSection`; accounts knows none of them (the same shape as the personal-data registry).
"""

from collections.abc import Callable
from dataclasses import dataclass

from wagtail import hooks


@dataclass(frozen=True)
class LearningSection:
    name: str
    label: str
    render: Callable  # render(request, person) -> HTML of the section, "" when empty
    order: int = 100


def sections():
    found = [function() for function in hooks.get_hooks("register_learning_record")]
    return sorted(found, key=lambda section: (section.order, section.name))
