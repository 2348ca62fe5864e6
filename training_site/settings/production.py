"""Production: PostgreSQL, Redis, SMTP; fails closed on anything missing."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, REDIS_URL, env

DEBUG = env.bool("DEBUG", default=False)
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production settings.")

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production settings.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

# Several processes share one database and one cache, or the site misbehaves without an error:
# SQLite cannot take the load or the locking of many processes, and a per-process memory cache
# would keep cached pages after a purge in the other workers, count rate limits per worker
# and lose sessions between them.
if not env("DATABASE_URL", default=""):
    raise ImproperlyConfigured(
        "DATABASE_URL must be set in production settings to a PostgreSQL database, "
        "e.g. postgres://cchc:password@db.example:5432/cchc."
    )
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "DATABASE_URL must point at PostgreSQL in production settings (postgres://...); "
        f"it names {DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]} instead."
    )
if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        "REDIS_URL must be set in production settings to a Redis address, e.g. "
        "redis://redis.example:6379/0: every process shares the cache, sessions and rate "
        "limits through it."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)

EMAIL_TIMEOUT = 20

SILENCED_SYSTEM_CHECKS = [
    # X-Frame-Options stays SAMEORIGIN: Wagtail's live preview shows our own pages in a frame.
    "security.W019",
    # Joining the browsers' HSTS preload list binds the whole domain for months; the operator
    # opts in with SECURE_HSTS_PRELOAD=true once every subdomain serves HTTPS.
    "security.W021",
]

if env("AWS_STORAGE_BUCKET_NAME", default=""):
    # Media on an S3-compatible store when several hosts serve the site: install the "s3" extra
    # (django-storages) and set these variables; without them media stay on MEDIA_ROOT.
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    # Private files in their own bucket (or, failing that, under their own prefix of the media
    # bucket), written with a private ACL; the storage makes no URLs, signed or not.
    STORAGES["private"] = {  # noqa: F405
        "BACKEND": "common.storage_s3.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": env(
                "AWS_PRIVATE_STORAGE_BUCKET_NAME", default=env("AWS_STORAGE_BUCKET_NAME")
            ),
            "location": env("AWS_PRIVATE_LOCATION", default="private"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
DEMO_DATA_ALLOWED = False
