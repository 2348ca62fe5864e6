"""Settings of the round-start load test's servers (bench/round_start.py): production's, as
they are, except what plain HTTP on the loopback needs in place of the TLS proxy in front of
the site (cookies without the Secure flag, no HTTPS redirect or HSTS) and static files found
without collectstatic. PostgreSQL, Redis sessions, cache and rate limits, DEBUG off and the
password hasher stay production's; ROUND_FAST_PASSWORDS=1 swaps the hasher for a fast one so a
2-core machine can log thousands in within a minute (the runner says so when it does)."""

import os
import warnings

from training_site.settings.production import *  # noqa: F403
from training_site.settings.production import STORAGES

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Static files come from the finders; there is no collected STATIC_ROOT to warn about.
warnings.filterwarnings("ignore", "No directory at", UserWarning)
if os.environ.get("ROUND_FAST_PASSWORDS") == "1":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
