"""Abdi settings: one file, driven by environment variables (see .env.example)."""

import sys
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# The test runner (pytest or `manage.py test`) may use the development key; nothing else may.
TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]
# Commands that read only the code (no data, no sessions, no signing) may run without a key too.
CODE_ONLY_COMMAND = sys.argv[1:2] in (["makemigrations"], ["makemessages"], ["compilemessages"])
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789abcdef"
if SECRET_KEY in ("", "change-me", DEV_SECRET_KEY):
    if not (DEBUG or TESTING or CODE_ONLY_COMMAND):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set (or is a published example). Abdi refuses to start with DEBUG off on a known key: "
            "set DJANGO_SECRET_KEY to a long random value (e.g. the output of "
            "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`) in the environment "
            "or in the .env file next to manage.py — the same value on every app server. "
            "For development only, set DJANGO_DEBUG=1 instead."
        )
    SECRET_KEY = DEV_SECRET_KEY
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "treebeard",
    "django_tasks",
    "django_tasks_db",
    "axes",
    # Abdi, in dependency order
    "abdi.core",
    "abdi.accounts",
    "abdi.org",
    "abdi.employees",
    "abdi.competency",
    "abdi.learning",
    "abdi.performance",
    "abdi.feedback",
    "abdi.careers",
    "abdi.talent",
    "abdi.insights",
    "abdi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "abdi.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "abdi.core.middleware.IndonesianByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # NUL bytes → 400/404 before any view (after auth, so that the error page has the menu).
    "abdi.core.middleware.RejectNulBytesMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Selects name their empty choice in words ("— pilih —"), not Django's dashes.
FORM_RENDERER = "abdi.core.renderers.WordPlaceholderRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "abdi.core.context_processors.navigation",
                "abdi.core.context_processors.agency",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'abdi.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Shared by every process (rate limits of the public pages count per address across workers):
# the database by default (`manage.py createcachetable`), Redis in larger deployments.
CACHES = {
    "default": env.cache("CACHE_URL", default="dbcache://abdi_cache"),
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses any password check for a user+address that is locked out (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Password guessing (django-axes): after ABDI_LOGIN_FAILURE_LIMIT wrong passwords for one user from
# one address, that pair is locked for ABDI_LOGIN_COOLOFF_MINUTES; the page and the API token
# endpoint count together. An admin unlocks in Data referensi → Axes → Access attempts (delete).
AXES_FAILURE_LIMIT = env.int("ABDI_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("ABDI_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "abdi.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "abdi.core.throttle.client_address"
AXES_VERBOSE = False
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "landing"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=VAR_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("DJANGO_MANIFEST_STATIC", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

# Abdi's own limits
ABDI_IMPORT_MAX_BYTES = env.int("ABDI_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
ABDI_IMPORT_MAX_ROWS = env.int("ABDI_IMPORT_MAX_ROWS", default=200_000)
# A spreadsheet read by any importer: columns, characters in one cell (Excel's own limit), and
# bytes of one unpacked part of an XLSX (twice that for all parts; more is a ZIP bomb).
ABDI_IMPORT_MAX_COLUMNS = env.int("ABDI_IMPORT_MAX_COLUMNS", default=200)
ABDI_IMPORT_MAX_CELL_CHARS = env.int("ABDI_IMPORT_MAX_CELL_CHARS", default=32_767)
ABDI_IMPORT_MAX_UNPACKED_BYTES = env.int("ABDI_IMPORT_MAX_UNPACKED_BYTES", default=64 * 1024 * 1024)
# Files up to this many rows are imported inside the request; larger ones go to the task worker.
ABDI_IMPORT_SYNC_ROW_LIMIT = env.int("ABDI_IMPORT_SYNC_ROW_LIMIT", default=500)
# A running import's worker says it is alive this often; three missed beats mark the import failed.
ABDI_WORKER_HEARTBEAT_SECONDS = env.int("ABDI_WORKER_HEARTBEAT_SECONDS", default=10)

# IP ASN on PostgreSQL (docs/decisions/0063): a year of this many employees (by id span) and
# more is computed by IP_ASN_BUILD_WORKERS connections at once (about one per core); False for
# IP_ASN_LOGGED_PARTITIONS keeps the year's partition unlogged (a crash empties it; the nightly
# recompute rebuilds it; not replicated).
IP_ASN_BUILD_WORKERS = env.int("ABDI_IP_ASN_BUILD_WORKERS", default=2)
IP_ASN_PARALLEL_FROM = env.int("ABDI_IP_ASN_PARALLEL_FROM", default=100_000)
IP_ASN_LOGGED_PARTITIONS = env.bool("ABDI_IP_ASN_LOGGED_PARTITIONS", default=True)
ABDI_DOCUMENT_MAX_BYTES = env.int("ABDI_DOCUMENT_MAX_BYTES", default=5 * 1024 * 1024)
ABDI_LIST_PAGE_SIZE = env.int("ABDI_LIST_PAGE_SIZE", default=25)
# The agency shown beside "Abdi" in the header (empty: none) and its logo (a static path such
# as "img/logo.png", or an absolute URL; empty: the Abdi shield).
ABDI_AGENCY_NAME = env.str("ABDI_AGENCY_NAME", default="")
ABDI_AGENCY_LOGO = env.str("ABDI_AGENCY_LOGO", default="")
# Public pages (no login): requests per address, "N/second|minute|hour|day".
ABDI_PUBLIC_COMPLAINT_RATE = env.str("ABDI_PUBLIC_COMPLAINT_RATE", default="10/hour")
ABDI_PUBLIC_SURVEY_RATE = env.str("ABDI_PUBLIC_SURVEY_RATE", default="30/hour")
ABDI_PUBLIC_GALLERY_RATE = env.str("ABDI_PUBLIC_GALLERY_RATE", default="120/hour")
# A candidate's written-test page (link with a token, no login): requests per address.
ABDI_WRITTEN_TEST_RATE = env.str("ABDI_WRITTEN_TEST_RATE", default="120/hour")
# Online survey answers accepted per client address per survey per day (page and API together;
# a device that drops its cookie still counts). A service counter's kiosk shares one address.
ABDI_SURVEY_ANSWERS_PER_ADDRESS_PER_DAY = env.int(
    "ABDI_SURVEY_ANSWERS_PER_ADDRESS_PER_DAY", default=30
)
# API tokens expire this many days after they were issued (0 = never); the owner can revoke one
# at any time (DELETE /api/v1/auth/token/).
ABDI_API_TOKEN_DAYS = env.int("ABDI_API_TOKEN_DAYS", default=30)
# Password attempts at the API token endpoint per address.
ABDI_TOKEN_LOGIN_RATE = env.str("ABDI_TOKEN_LOGIN_RATE", default="20/hour")
# "Forgot password" requests per address: each one may send an e-mail, so a script must not be
# able to flood mailboxes (or the mail server) through the page.
ABDI_PASSWORD_RESET_RATE = env.str("ABDI_PASSWORD_RESET_RATE", default="5/hour")
# How many reverse proxies in front of Abdi append to X-Forwarded-For (0 = never read the header;
# the client address is REMOTE_ADDR). Every rate limit and lockout uses this one address.
ABDI_TRUSTED_PROXIES = env.int("ABDI_TRUSTED_PROXIES", default=0)
ABDI_COMPLAINT_ATTACHMENT_MAX_BYTES = env.int(
    "ABDI_COMPLAINT_ATTACHMENT_MAX_BYTES", default=5 * 1024 * 1024
)
ABDI_LAPOR_IMPORT_MAX_ROWS = env.int("ABDI_LAPOR_IMPORT_MAX_ROWS", default=5000)
# Performance management
ABDI_EVIDENCE_MAX_BYTES = env.int("ABDI_EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
# How a limit in % becomes a head count in small units: nearest | floor | ceil (REGULATIONS §2).
ABDI_DISTRIBUTION_ROUNDING = env.str("ABDI_DISTRIBUTION_ROUNDING", default="nearest")
# Rater consistency: flag an appraiser whose mean score differs from the unit's by more than this
# (points on the predikat scale) once they rated at least ABDI_RATER_MIN_COUNT people.
ABDI_RATER_THRESHOLD = env.str("ABDI_RATER_THRESHOLD", default="0.75")
ABDI_RATER_MIN_COUNT = env.int("ABDI_RATER_MIN_COUNT", default=3)
# Competency: suggest a workshop when at least this many staff of a unit share a gap.
ABDI_WORKSHOP_MIN_STAFF = env.int("ABDI_WORKSHOP_MIN_STAFF", default=5)
# Competency heat-map: a unit's counts are cached this long at most (0 = never cached); the
# competency services invalidate them at once when levels, standards or the dictionary change.
ABDI_HEATMAP_CACHE_SECONDS = env.int("ABDI_HEATMAP_CACHE_SECONDS", default=600)
# E-learning: the largest module video (MP4/WebM) and module PDF an admin may upload.
ABDI_ELEARNING_VIDEO_MAX_BYTES = env.int(
    "ABDI_ELEARNING_VIDEO_MAX_BYTES", default=200 * 1024 * 1024
)
ABDI_ELEARNING_PDF_MAX_BYTES = env.int("ABDI_ELEARNING_PDF_MAX_BYTES", default=20 * 1024 * 1024)
# Absolute address of this site, for links in e-mails (e.g. https://abdi.example.go.id).
ABDI_SITE_URL = env.str("ABDI_SITE_URL", default="")
# Learning — certificates and JP: public verification requests per address (page and API),
# the largest external certificate an employee may upload, the unit whose head signs Abdi's
# certificates (by OrgUnit code), and the month from which employees below the JP target are
# reminded (once a month, `manage.py jp_reminders`).
ABDI_VERIFY_RATE = env.str("ABDI_VERIFY_RATE", default="60/hour")
ABDI_EXTERNAL_CERTIFICATE_MAX_BYTES = env.int(
    "ABDI_EXTERNAL_CERTIFICATE_MAX_BYTES", default=5 * 1024 * 1024
)
ABDI_CERTIFICATE_ISSUER_UNIT = env.str("ABDI_CERTIFICATE_ISSUER_UNIT", default="BKPSDM")
# Abdi's certificate numbers read PREFIX/year/number.
ABDI_CERTIFICATE_PREFIX = env.str("ABDI_CERTIFICATE_PREFIX", default="ABDI")
ABDI_JP_REMINDER_FROM_MONTH = env.int("ABDI_JP_REMINDER_FROM_MONTH", default=10)
# JP dashboard: seconds the per-unit figures may be served from the cache (0 = never); a JP line
# written or removed invalidates them at once, a transfer shows at the latest after this.
ABDI_JP_DASHBOARD_CACHE_SECONDS = env.int("ABDI_JP_DASHBOARD_CACHE_SECONDS", default=300)
# Training needs: the seats one class gives when no open session says its quota.
ABDI_TNA_CLASS_SIZE = env.int("ABDI_TNA_CLASS_SIZE", default=30)
# Insights: report exports with more rows than this are written by the worker (download link).
ABDI_REPORT_SYNC_ROWS = env.int("ABDI_REPORT_SYNC_ROWS", default=2000)
# Careers: the years an employee stays in a post before an own-request transfer (refused
# earlier) or a rotation (warned); agency policy, REGULATIONS §10 [M].
ABDI_MIN_YEARS_IN_POST = env.int("ABDI_MIN_YEARS_IN_POST", default=2)

TASKS = {
    "default": {
        "BACKEND": env.str("ABDI_TASK_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="abdi@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "abdi.core.api_auth.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "abdi.core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/minute", "user": "2000/minute"},
    # DRF's own throttles (if any) read the same number of trusted hops as abdi.core.throttle.
    "NUM_PROXIES": ABDI_TRUSTED_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Abdi API",
    "DESCRIPTION": "Personnel, performance and merit data of the regional civil service.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation documents its 400/401/403/404/409/429 (abdi/core/api.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "abdi.core.api.document_error_responses",
    ],
    # Several models have a `kind` or `sex` field with different choices: name each enum.
    "ENUM_NAME_OVERRIDES": {
        "OrgUnitKindEnum": "abdi.org.choices.OrgUnitKind",
        "PositionKindEnum": "abdi.core.choices.PositionKind",
        "EmployeeKindEnum": "abdi.core.choices.EmployeeKind",
        "SexEnum": "abdi.employees.choices.Sex",
        "EmploymentStatusEnum": "abdi.employees.choices.EmploymentStatus",
        "RatingEnum": "abdi.performance.choices.Rating",
        "PredikatEnum": "abdi.core.choices.Predikat",
        "WorkResultKindEnum": "abdi.performance.choices.WorkResultKind",
        "SKPStatusEnum": "abdi.performance.choices.SKPStatus",
        "RegistrationStatusEnum": "abdi.learning.choices.RegistrationStatus",
        "ProposalKindEnum": "abdi.careers.models.proposals.ProposalKind",
        "ProposalStatusEnum": "abdi.careers.models.proposals.ProposalStatus",
        "TransferKindEnum": "abdi.careers.models.mutations.TransferKind",
        "TransferStatusEnum": "abdi.careers.models.mutations.TransferStatus",
        "RotationPlanStatusEnum": "abdi.careers.models.mutations.RotationPlanStatus",
        "ProposalActionEnum": "abdi.careers.models.proposals.ProposalAction",
        "TransferActionEnum": "abdi.careers.models.mutations.TransferAction",
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

SESSION_COOKIE_HTTPONLY = True
# A signed-in session lasts a working day by default and, if wanted, ends with the browser.
SESSION_COOKIE_AGE = env.int("ABDI_SESSION_HOURS", default=8) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("ABDI_SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
# Behind TLS (DJANGO_SECURE_COOKIES=1): HTTPS-only cookies, redirect to HTTPS, and HSTS.
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=SESSION_COOKIE_SECURE)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^healthz/$"]  # the load balancer's plain-HTTP probe
SECURE_HSTS_SECONDS = env.int(
    "DJANGO_HSTS_SECONDS", default=365 * 24 * 3600 if SESSION_COOKIE_SECURE else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy: scripts only from this site's files (no inline script anywhere; the
# page behaviours live in static/js). Styles allow 'unsafe-inline' because templates and
# Bootstrap/HTMX set style attributes (docs/decisions/0018-hardening.md). Extra sources (e.g. an
# S3 media host) go in ABDI_CSP_EXTRA_SOURCES, added to img/media/connect.
ABDI_CSP_EXTRA_SOURCES = " ".join(env.list("ABDI_CSP_EXTRA_SOURCES", default=[]))
ABDI_CONTENT_SECURITY_POLICY = env.str(
    "ABDI_CONTENT_SECURITY_POLICY",
    default=(
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        f"img-src 'self' data: blob: {ABDI_CSP_EXTRA_SOURCES}; font-src 'self' data:; "
        f"media-src 'self' {ABDI_CSP_EXTRA_SOURCES}; connect-src 'self' {ABDI_CSP_EXTRA_SOURCES}; "
        "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; "
        "frame-ancestors 'none'"
    ).replace("  ", " "),
)
ABDI_PERMISSIONS_POLICY = env.str(
    "ABDI_PERMISSIONS_POLICY",
    default=(
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=(), interest-cohort=()"
    ),
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_short": {"()": "abdi.core.logging.ForbiddenWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["forbidden_short"]}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}

# Covering indexes (INCLUDE columns) serve PostgreSQL, the production database; SQLite, the embedded
# demo database, ignores the extra columns, which is harmless there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
