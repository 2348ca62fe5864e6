"""Strings the portal added to the shared page chrome (templates/base.html and includes/).

They belong in the project catalogue; listing them here too keeps them translated through the
portal's catalogue until they are.
"""

from django.utils.translation import gettext_lazy as _

CHROME_STRINGS = [
    _("News (RSS)"),
    _("News (Atom)"),
    _("Urgent"),
    _("Warning"),
    _("Notice"),
    _("Search the portal"),
    _("Search…"),
    _("About us"),
    _("Contact"),
    _("RSS feed"),
]
