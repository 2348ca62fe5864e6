"""Settings shared by every mode. Anything that differs per host comes from the environment."""

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# The one place a .env file is read: the project folder's, only when READ_DOT_ENV_FILE is true
# (local.py turns it on by default; production and tests read the real environment alone unless
# it is set there). Variables already in the environment win over the file.
READ_DOT_ENV_FILE = env.bool("READ_DOT_ENV_FILE", default=False)
if READ_DOT_ENV_FILE and (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# ------------------------------------------------------------------------------
# General
# ------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default=None)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "common.views.csrf_failure"
SITE_ID = 1

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Order matters twice: the first catalogue wins at run time, and makemessages writes each file's
# strings to the first path whose folder contains it (so app folders come before the project's).
# locale_vendor holds our Vietnamese for allauth's own strings; makemessages never touches it.
LOCALE_PATHS = [
    BASE_DIR / "portal" / "locale",
    BASE_DIR / "courses" / "locale",
    BASE_DIR / "contests" / "locale",
    BASE_DIR / "certificates" / "locale",
    BASE_DIR / "parindex" / "locale",
    BASE_DIR / "legaldocs" / "locale",
    BASE_DIR / "qa" / "locale",
    BASE_DIR / "locale",
    BASE_DIR / "locale_vendor",
]
FORMAT_MODULE_PATH = ["common.formats"]

# ------------------------------------------------------------------------------
# Applications
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    # The Django admin with our own site (superusers only, login through allauth).
    "accounts.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # The domain in allauth's emails (accounts.signals keeps it in step with BASE_URL).
    "django.contrib.sites",
    # FORM_RENDERER below finds Django's widget templates through this app.
    "django.forms",
]
# Only what the project uses: redirects (its middleware below), settings (the portal's site
# settings), table_block (the portal's table block), simple_translation (the "Translate" action
# that copies a Vietnamese page into the English tree) and locales (the admin's language list). The front-end cache purger is added below
# when FRONTEND_CACHE_PURGE_URL is set.
THIRD_PARTY_APPS = [
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.sites",
    "accounts.apps.WagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "csp",
]
LOCAL_APPS = [
    "common",
    "accounts",
    "portal",
    "courses",
    "contests",
    "certificates",
    "parindex",
    "legaldocs",
    "qa",
]
# A caching proxy (Varnish, nginx with a purge module) in front of the app: publishing or
# unpublishing a page sends it an HTTP PURGE for the page's address (from a task), so the proxy
# serves the new version at once. Unset: no proxy cache to tell, the app is not installed.
FRONTEND_CACHE_PURGE_URL = env("FRONTEND_CACHE_PURGE_URL", default="")
if FRONTEND_CACHE_PURGE_URL:
    THIRD_PARTY_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }
INSTALLED_APPS = LOCAL_APPS + DJANGO_APPS + THIRD_PARTY_APPS

# ------------------------------------------------------------------------------
# Middleware, URLs, templates
# ------------------------------------------------------------------------------
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache (last), so pages served from it get a policy with a fresh nonce.
    "common.csp.PathPolicyCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "common.middleware.VietnameseFirstMiddleware",
    # Django's LocaleMiddleware, except that only pages follow their address (/en/...).
    "common.middleware.PageLanguageMiddleware",
    "common.middleware.RejectNullCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffMFAMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]
ROOT_URLCONF = "training_site.urls"
# Widgets render through the project's template settings, so templates/ can override them.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "training_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "common.context_processors.site",
                "portal.context_processors.portal",
            ],
        },
    },
]

# ------------------------------------------------------------------------------
# Database
# ------------------------------------------------------------------------------
# SQLite runs in WAL mode with IMMEDIATE transactions, so a transaction that will write takes the
# write lock at BEGIN; that is what lets services "lock, recount, write" on SQLite too. `timeout`
# is the busy timeout (seconds a connection waits for the write lock). The PRAGMAs run once per
# new connection, and connections are kept (CONN_MAX_AGE below), so a request pays for neither:
# journal_mode=WAL is stored in the file (a no-op after the first connection), synchronous is per
# connection; Django itself turns foreign keys on.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def database_from_env(default_sqlite_path):
    config = env.db("DATABASE_URL", default=f"sqlite:///{default_sqlite_path}")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
        # Persistent connections, one per thread (Django keeps connections per thread): opening
        # one costs several times a minimal request (bench/healthz.py). runserver closes them
        # when its thread ends; the health check (a no-op on SQLite) keeps the setting uniform.
        config.setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
        config["CONN_HEALTH_CHECKS"] = True
    elif pool_size := env.int("DATABASE_POOL_MAX_SIZE", default=20):
        # A pool per process, bounded: a burst of requests (a course opening for sign-up) waits a
        # moment for a connection instead of failing with "too many clients". Size it so that
        # processes × threads × pool stay under PostgreSQL's max_connections (docs/operations.md).
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            **config.get("OPTIONS", {}),
            "pool": {
                "min_size": 1,
                "max_size": pool_size,
                "timeout": env.float("DATABASE_POOL_TIMEOUT", default=30.0),
            },
        }
    else:
        config.setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": database_from_env(BASE_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ------------------------------------------------------------------------------
# Cache and sessions
# ------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="cchc"),
        },
        "renditions": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="cchc") + "-renditions",
            "TIMEOUT": 60 * 60 * 24,
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "renditions",
        },
    }
    # Written through to the database (sessions outlive a restart) and read from the process's
    # memory: a signed-in request costs no session query. For one process only, like the memory
    # cache itself (a session ended in another process would live on in this one's memory).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# ------------------------------------------------------------------------------
# Tasks
# ------------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# ------------------------------------------------------------------------------
# Static and media files
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Certificates, bulk prints and other files with personal data: outside MEDIA_ROOT, never served
# by the web server or the proxy, only by views that check who asks (common/storage.py).
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "common.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# 10 MB: bigger uploads (images, spreadsheets) are refused with a message, not a crash.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_UPLOAD_SIZE = env.int("MAX_UPLOAD_SIZE", default=10 * 1024 * 1024)
# An uploaded .xlsx is a zip: what it may unpack to before we refuse to read it (zip bombs).
MAX_UPLOAD_UNPACKED_SIZE = env.int("MAX_UPLOAD_UNPACKED_SIZE", default=20 * MAX_UPLOAD_SIZE)

# ------------------------------------------------------------------------------
# Email
# ------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Cổng CCHC <no-reply@cchc.example.gov.vn>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = ""

# ------------------------------------------------------------------------------
# Authentication (django-allauth)
# ------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
# Limits per address ("ip") tell visitors apart only when TRUSTED_PROXY_COUNT (below) says where
# the visitor's address is behind the proxy; allauth adds "login": "30/m/ip" to these.
ACCOUNT_RATE_LIMITS = {
    # Five failed logins per account within five minutes; the sixth is refused.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="Cổng CCHC")
# Recovery codes are generated when TOTP is set up and shown that once; later a new set can be
# generated (after entering a code), never the old one shown again.
MFA_RECOVERY_CODES_SHOW_ONCE = True

# Behind N reverse proxies of ours, each appends the address it received the request from to
# X-Forwarded-For, so the visitor's address is the N-th from the right; anything further left was
# written by the visitor and is ignored. 0 (no proxy): the socket address, and the header is
# ignored. allauth's rate limits and ours (common.ratelimit) read the same number.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# ------------------------------------------------------------------------------
# Wagtail
# ------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env("SITE_NAME", default="Cổng thông tin cải cách hành chính")
# The English pages' names (the portal settings in the admin override the agency's).
SITE_NAME_EN = env("SITE_NAME_EN", default="Administrative Reform Portal")
# One way in: allauth's login (failed-login limits, email verification, the second factor).
# Wagtail's own login form is closed: its address (accounts.views.old_login_page) sends visitors
# on to allauth's login, and someone logged in without admin rights to "access denied" (sending
# them to allauth's login would bounce them straight back). Its password reset and password and
# email change screens are off; the account page links to allauth's.
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILADMIN_BASE_URL = env("BASE_URL", default="http://127.0.0.1:8000")
# Pages come in two trees, Vietnamese (no prefix) and English (/en/), linked by translation_key;
# see docs/translation.md.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "txt", "zip"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = MAX_UPLOAD_SIZE
# 40 megapixels: any camera photo, but not a small file that decodes to gigabytes of memory.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env.int("WAGTAILIMAGES_MAX_IMAGE_PIXELS", default=40_000_000)
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# common.uploads.DocumentForm also checks that a document's content matches its extension.
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.int("WAGTAILDOCS_MAX_UPLOAD_SIZE", default=20 * 1024 * 1024)
WAGTAILDOCS_DOCUMENT_FORM_BASE = "common.uploads.DocumentForm"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
# The admin never calls the internet: staff may work on a closed network, and a request to a
# third party would tell it who is editing and when. No gravatar (avatars are uploaded or the
# built-in default), no check for new Wagtail releases (upgrades follow our own release notes).
# The Content-Security-Policy would refuse both anyway.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.admin_forms.AdminLoginForm"  # a translated password label

# ------------------------------------------------------------------------------
# Security and logging
# ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp; docs/operations.md, "Content-Security-Policy"). Scripts
# only from our static files or inline with the per-response nonce; no inline event handlers,
# no eval, no plugins, no framing by other sites. The admin gets its own policy (common/csp.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        # data: for the QR codes allauth's two-factor set-up shows as data: images.
        "img-src": [SELF, "data:", *env.list("CSP_IMG_SRC_EXTRA", default=[])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "report-uri": "/csp-report/",
    }
}
CSP_ADMIN_PATH_PREFIXES = ["/admin/", "/django-admin/"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# ------------------------------------------------------------------------------
# Project
# ------------------------------------------------------------------------------
AGENCY_NAME = env("AGENCY_NAME", default="Sở Nội vụ tỉnh An Lạc")
AGENCY_NAME_EN = env("AGENCY_NAME_EN", default="Department of Home Affairs, An Lac province")
DEMO_PASSWORD = env("DEMO_PASSWORD", default="demo12345")
AGENCY_ADDRESS = env(
    "AGENCY_ADDRESS", default="Số 1 đường Trần Hưng Đạo, phường Trung Tâm, tỉnh An Lạc"
)
AGENCY_ADDRESS_EN = env(
    "AGENCY_ADDRESS_EN", default="No. 1 Tran Hung Dao street, Trung Tam ward, An Lac province"
)
AGENCY_PHONE = env("AGENCY_PHONE", default="0290 3822 000")
AGENCY_EMAIL = env("AGENCY_EMAIL", default="sonoivu@anlac.gov.vn")
PROVINCE_PLACE_NAME = env("PROVINCE_PLACE_NAME", default="An Lạc")
DEMO_DATA_ALLOWED = env.bool("DEMO_DATA_ALLOWED", default=True)

# ------------------------------------------------------------------------------
# Portal
# ------------------------------------------------------------------------------
# Every reader gets portal pages from the cache (Redis in production), their own parts filled in
# per request; publishing purges the pages showing what changed (portal/cache.py).
# Last in the list, so the language, session and CSRF middleware above it have run.
MIDDLEWARE += ["portal.cache.PageCacheMiddleware"]
PORTAL_PAGE_CACHE_SECONDS = env.int("PORTAL_PAGE_CACHE_SECONDS", default=300)
PORTAL_FRAGMENT_CACHE_SECONDS = env.int("PORTAL_FRAGMENT_CACHE_SECONDS", default=300)
# False: signed-in readers (anyone with a session) get every page rendered for them alone.
PORTAL_PAGE_CACHE_SIGNED_IN = env.bool("PORTAL_PAGE_CACHE_SIGNED_IN", default=True)
# Site search results per query; any change to the search index makes them old at once.
PORTAL_SEARCH_CACHE_SECONDS = env.int("PORTAL_SEARCH_CACHE_SECONDS", default=60)
# Page addresses in plain ASCII ("/tin-tuc/cai-cach-hanh-chinh/"), readable when shared or printed.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
