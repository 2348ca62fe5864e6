"""One seeder per app, each `seed(command)` reading its data from demo/data/<app>/.

`manage.py seed_demo` runs them in this order (later ones build on earlier ones), each in its
own transaction. Every seeder finds what it makes by a natural key first, so seeding again
creates nothing new.
"""

from functools import lru_cache

from django.conf import settings
from django.contrib.auth.hashers import make_password

ORDER = ["accounts", "portal", "courses", "contests", "certificates", "parindex", "legaldocs", "qa"]


def report(command, message):
    if command is not None:
        command.stdout.write(message)


def demo_password():
    """The demo password (the same for every demo account, and printed in the README), hashed
    once per seeding rather than once per account: PBKDF2 at Django's iteration count takes
    about half a second a time on a small machine, which made a quarter of `seed_demo`."""
    return _hashed(settings.DEMO_PASSWORD, settings.PASSWORD_HASHERS[0])


@lru_cache(maxsize=4)
def _hashed(password, _hasher):
    return make_password(password)
