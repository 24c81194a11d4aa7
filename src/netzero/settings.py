"""Django settings for Net Zero Tracker.

Everything comes from environment variables, with safe defaults for development:

- ``NETZERO_ENV``: ``development`` (default) or ``production``. Production refuses to start
  without ``DJANGO_SECRET_KEY`` and turns on secure cookies, HSTS and SSL redirect.
- ``DATABASE_URL``: any URL ``dj-database-url`` understands. Default: an embedded SQLite file in
  ``NETZERO_DATA_DIR`` (default ``./var``). Production uses PostgreSQL 15, e.g.
  ``postgres://netzero:secret@db.internal:5432/netzero``.
- ``DJANGO_ALLOWED_HOSTS``: comma-separated host names (production default: none).
- ``DJANGO_DEBUG``: ``1`` to turn Django's debug pages on while developing (never in production;
  off by default, so the demo shows the service's own error pages).
- ``NETZERO_TRUSTED_PROXIES``: comma-separated addresses or networks of the reverse proxies in
  front of the app (e.g. ``127.0.0.1,10.0.0.0/24``). ``X-Forwarded-For`` and ``X-Forwarded-Proto``
  are believed only when the request comes from one of them; otherwise they are dropped.
- ``NETZERO_DEMO``: ``1`` installs the demo (``netzero demo``, the seed papers' data) in the
  production profile too, for a training site; outside production it is always installed.
- ``NETZERO_CONN_MAX_AGE``: seconds a database connection is kept (production default 60; the
  development server opens one per request, so 0 there).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from netzero.core.proxies import parse_networks

PACKAGE_DIR = Path(__file__).resolve().parent

ENVIRONMENT = os.environ.get("NETZERO_ENV", "development").strip().lower()
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"NETZERO_ENV must be 'development' or 'production', not {ENVIRONMENT!r}."
    )
PRODUCTION = ENVIRONMENT == "production"

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "NETZERO_ENV=production needs DJANGO_SECRET_KEY: set it to a long random string "
            "(for example: python3 -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = "development-only-not-secret-" + "x" * 40

DEBUG = (not PRODUCTION) and os.environ.get("DJANGO_DEBUG", "0") == "1"

_hosts = os.environ.get("DJANGO_ALLOWED_HOSTS", "")
ALLOWED_HOSTS = [h.strip() for h in _hosts.split(",") if h.strip()]
if not ALLOWED_HOSTS and not PRODUCTION:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]

DATA_DIR = Path(os.environ.get("NETZERO_DATA_DIR", Path.cwd() / "var"))

# The demo app (`netzero demo`: the seed papers' plans, figures and users) is a tool for
# development, tests and training: installed outside production, and in production only when
# NETZERO_DEMO=1 asks for it (a training site run with the production profile).
_demo = os.environ.get("NETZERO_DEMO", "").strip()
if _demo not in {"", "0", "1"}:
    raise ImproperlyConfigured(f"NETZERO_DEMO must be 1 or 0, not {_demo!r}.")
DEMO_INSTALLED = not PRODUCTION or _demo == "1"

INSTALLED_APPS = [
    # First, so its templates win: the service's error pages and its fixes to the admin's
    # (templates/admin/base_site.html extends Django's own).
    "netzero.web",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "netzero.core",
    "netzero.organisations",
    "netzero.access",
    "netzero.plans",
    "netzero.classifications",
    "netzero.reporting",
    "netzero.dashboards",
    "netzero.workflow",
    "netzero.factors",
    "netzero.footprints",
    "netzero.territorial",
    "netzero.indicators",
    "netzero.reports",
    "netzero.spreadsheets",
    "netzero.backup",
    "netzero.guidance",
    "netzero.api",
    # django-ninja (the JSON API): listed so its browsable docs use its own static files, never
    # a CDN.
    "ninja",
    *(["netzero.demo"] if DEMO_INSTALLED else []),
]

MIDDLEWARE = [
    # First: forwarded headers from anyone but a configured proxy are dropped before anything
    # (the HTTPS check, the sign-in lockout's client address) reads them.
    "netzero.core.proxies.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # The application's errors (not found, refused) as the service's 404 and 400 pages.
    "netzero.web.errors.ApplicationErrorMiddleware",
    # Last, as django-axes asks: locks out repeated failed sign-ins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sign-in rate limit (django-axes): after 5 failures for a username from one address, that
# username is locked out from that address for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("NETZERO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The client's address: REMOTE_ADDR, or behind a configured proxy the nearest untrusted hop of
# X-Forwarded-For. So a stranger's failures lock a username out from the stranger's address only,
# never from everywhere (all traffic through a proxy shares the proxy's address).
AXES_CLIENT_IP_CALLABLE = "netzero.core.proxies.client_ip"

ROOT_URLCONF = "netzero.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "netzero.wsgi.application"


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    return f"sqlite:///{DATA_DIR / 'netzero.sqlite3'}"


# The development server runs a thread per request: a kept connection per thread would exhaust
# PostgreSQL's connections, so it opens one per request. gunicorn's workers keep theirs.
CONN_MAX_AGE = int(os.environ.get("NETZERO_CONN_MAX_AGE", "60" if PRODUCTION else "0"))
DATABASES = {
    "default": dj_database_url.parse(
        _database_url(), conn_max_age=CONN_MAX_AGE, conn_health_checks=CONN_MAX_AGE > 0
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # Wait for a writer rather than fail at once; one file, many readers.
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
    # Take the write lock when a transaction starts, so two people saving at once queue rather
    # than fail with "database is locked"; the second then meets the version check.
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "netzero-tracker@localhost")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
NETZERO_SITE_URL = os.environ.get("NETZERO_SITE_URL", "http://127.0.0.1:8000")

# History is shown, never reverted from the admin: periods and updates change only through the
# workflow's services, which check permissions, approvals and published state.
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Where collectstatic gathers files for production; development serves them from the apps.
_static_root = os.environ.get("NETZERO_STATIC_ROOT") or (
    str(DATA_DIR / "static") if PRODUCTION else ""
)
STATIC_ROOT = Path(_static_root) if _static_root else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "netzero.web.errors.csrf_failure"

# Content-Security-Policy (django-csp): every script, style, image and font comes from this site;
# no inline script or style, no eval (charts use Vega's expression interpreter), no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # The one inline style attribute of django-simple-history's history list
        # (style="border-top: 0"), allowed by its hash and nothing else.
        "style-src-attr": [
            "'unsafe-hashes'",
            "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",
        ],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

_proxies = os.environ.get("NETZERO_TRUSTED_PROXIES", "")
NETZERO_TRUSTED_PROXIES = [p.strip() for p in _proxies.split(",") if p.strip()]
parse_networks(NETZERO_TRUSTED_PROXIES)  # a typo stops the app at start, not at the first request
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # gov.uk and nhs.uk are on the browsers' HSTS preload lists; set 0 for a domain that is not.
    SECURE_HSTS_PRELOAD = os.environ.get("DJANGO_HSTS_PRELOAD", "1") == "1"
    # Believed only from NETZERO_TRUSTED_PROXIES: TrustedProxyMiddleware drops it from anyone else.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The load balancer's health check may come over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("NETZERO_LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in at INFO; keep its lockouts (WARNING) only. WeasyPrint logs
    # each step of every PDF at INFO; keep its warnings (a missing font, an unread image).
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}

# Uploads (imports): limits enforced before a file is read into memory
# An activity data file is at most 20 MB (a year of monthly readings for every meter of a large
# trust is well under 1 MB). netzero.core.uploads.UploadLimitHandler, first, refuses a larger file
# while it arrives (from the declared Content-Length, then by counting its bytes), before the
# memory or temporary-file handlers store any of it; the page then says why. Other form fields
# together stay under Django's 2.5 MB.
NETZERO_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "netzero.core.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Committee reports: the Word template whose styles (headings, tables, the status colours) the
# report is written with. A council restyles its reports by pointing this at its own copy of
# src/netzero/reports/templates/reports/committee-report.docx (see docs/operations.md).
NETZERO_REPORT_WORD_TEMPLATE = os.environ.get("NETZERO_REPORT_WORD_TEMPLATE", "").strip()

# Django's cache: published pages stored for the public (netzero.core.public_pages) and the API's
# write counts. NETZERO_CACHE chooses where: "files" (a folder, NETZERO_CACHE_DIR, default
# NETZERO_DATA_DIR/cache: shared by the workers of one machine; the production default),
# "database" (a table in the database, shared by every app server using it; `netzero migrate`
# makes it) or "memory" (each process's own; the default elsewhere, where
# one process serves).
NETZERO_CACHE = os.environ.get("NETZERO_CACHE", "files" if PRODUCTION else "memory").strip()
_CACHE_BACKENDS = {
    "files": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("NETZERO_CACHE_DIR", "").strip() or str(DATA_DIR / "cache"),
    },
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "netzero_cache",
    },
    "memory": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
if NETZERO_CACHE not in _CACHE_BACKENDS:
    raise ImproperlyConfigured(
        f"NETZERO_CACHE must be one of {', '.join(_CACHE_BACKENDS)}, not {NETZERO_CACHE!r}."
    )
CACHES = {"default": {**_CACHE_BACKENDS[NETZERO_CACHE], "OPTIONS": {"MAX_ENTRIES": 5000}}}

# The JSON API (/api/v1/): writes allowed per token ("number/s|min|hour|day"; 429 beyond it).
# Counted in the cache (above: per worker only when NETZERO_CACHE is "memory").
NETZERO_API_WRITE_RATE = os.environ.get("NETZERO_API_WRITE_RATE", "60/min").strip()
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 100
