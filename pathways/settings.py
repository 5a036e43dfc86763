"""Django settings. Every deployment-specific value comes from an environment variable.

SQLite is used unless DATABASE_URL is set. See docs/operations.md for the full list.
"""

from __future__ import annotations

from pathlib import Path

from pathways.env import (
    ConfigError,
    env_base_url,
    env_bool,
    env_database,
    env_int,
    env_list,
    env_str,
    env_time,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PATHWAYS_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# PATHWAYS_LOCAL marks a developer's machine or a test run (set by scripts/run and scripts/test):
# it allows the built-in development key and plain-HTTP cookies. A deployment sets neither.
LOCAL = env_bool("PATHWAYS_LOCAL", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or LOCAL):
        raise ConfigError("SECRET_KEY: must be set unless DEBUG or PATHWAYS_LOCAL is on")
    SECRET_KEY = "pathways-development-only-secret-key-not-for-deployment"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "pathways.audit",
    "pathways.schools",
    "pathways.pupils",
    "pathways.providers",
    "pathways.arrangements",
    "pathways.attendance",
    "pathways.safeguarding",
    "pathways.remote",
    "pathways.feeds",
    "pathways.today",
    "pathways.notifications",
    "pathways.reports",
    "ninja",
    "pathways.api",
    "django_tasks",
    "django_tasks_db",
    "pathways.jobs",
    "pathways.writeback",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pathways.schools.sessions.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "pathways.schools.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "pathways.schools.sessions.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "pathways.schools.middleware.CurrentSchoolMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pathways.urls"
WSGI_APPLICATION = "pathways.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "pathways" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["pathways.words"],  # the hours filter: "12 hours", never "12.0"
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pathways.schools.context.current_school",
                "pathways.pages.demo_guide.demo_guide",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", str(BASE_DIR / "db.sqlite3"))}
# A PostgreSQL read replica for the trust's dashboards and reports (pathways/replica.py): read only
# inside reading_from_replica(); everything else, and every write, goes to the default database.
if env_str("DATABASE_REPLICA_URL", "").strip():
    DATABASES["replica"] = env_database("DATABASE_REPLICA_URL", "")
DATABASE_ROUTERS = ["pathways.replica.ReplicaRouter"]

# Background jobs are rows in the database (django-tasks-db), run by `python -m pathways worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Each worker writes a heartbeat every PATHWAYS_WORKER_HEARTBEAT_SECONDS; one not seen for
# PATHWAYS_WORKER_STALE_SECONDS is taken for dead and its jobs run again or are marked failed.
PATHWAYS_WORKER_HEARTBEAT_SECONDS = env_int("PATHWAYS_WORKER_HEARTBEAT_SECONDS", 10)
PATHWAYS_WORKER_STALE_SECONDS = env_int("PATHWAYS_WORKER_STALE_SECONDS", 120)
# /healthz answers 503 when no worker has been seen for this many minutes.
PATHWAYS_HEALTH_WORKER_MINUTES = env_int("PATHWAYS_HEALTH_WORKER_MINUTES", 5)
if min(PATHWAYS_WORKER_HEARTBEAT_SECONDS, PATHWAYS_WORKER_STALE_SECONDS, PATHWAYS_HEALTH_WORKER_MINUTES) < 1:
    raise ConfigError("PATHWAYS_WORKER_HEARTBEAT_SECONDS, PATHWAYS_WORKER_STALE_SECONDS and "
                      "PATHWAYS_HEALTH_WORKER_MINUTES: each must be 1 or more")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "schools.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# A password-reset link works once, within an hour (Django's default is three days).
PASSWORD_RESET_TIMEOUT = 60 * 60

# Lockout after repeated failures (django-axes): per user name and address, and per address across
# user names with its own limit (pathways/schools/lockout.py; the order of the parameters matters).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
PATHWAYS_ADDRESS_FAILURE_LIMIT = env_int("PATHWAYS_ADDRESS_FAILURE_LIMIT", 20)
if PATHWAYS_ADDRESS_FAILURE_LIMIT < AXES_FAILURE_LIMIT:
    raise ConfigError("PATHWAYS_ADDRESS_FAILURE_LIMIT: must be at least AXES_FAILURE_LIMIT")
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "pathways.schools.lockout.LockoutHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Renders that template with the cool-off in whole minutes.
AXES_LOCKOUT_CALLABLE = "pathways.schools.accounts.locked_out"
AXES_VERBOSE = False
# How many reverse proxies stand in front of Pathways (0: none). The client's address is then read
# from their X-Forwarded-For entries, for the lockout above and the request log (pathways/client_address.py).
PATHWAYS_TRUSTED_PROXY_COUNT = env_int("PATHWAYS_TRUSTED_PROXY_COUNT", 0)
if PATHWAYS_TRUSTED_PROXY_COUNT < 0:
    raise ConfigError(f"PATHWAYS_TRUSTED_PROXY_COUNT: expected 0 or more, got {PATHWAYS_TRUSTED_PROXY_COUNT}")
AXES_CLIENT_IP_CALLABLE = "pathways.client_address.client_address"
# The provider API (docs/operations.md): a token a school issues lasts this many months, then is refused.
PATHWAYS_PROVIDER_TOKEN_MONTHS = env_int("PATHWAYS_PROVIDER_TOKEN_MONTHS", 12)
if PATHWAYS_PROVIDER_TOKEN_MONTHS < 1:
    raise ConfigError("PATHWAYS_PROVIDER_TOKEN_MONTHS: must be 1 or more (months a provider's API token lasts)")
# The key the MIS credentials are encrypted under (pathways/writeback/secrets.py, docs/operations.md).
PATHWAYS_MIS_KEY = env_str("PATHWAYS_MIS_KEY", "")
# Requests one token may make, and requests with no or a wrong token one address may make, before a 429:
# "<count>/<s|m|h|d>". Counted in the cache of each server process.
PATHWAYS_API_TOKEN_RATE = env_str("PATHWAYS_API_TOKEN_RATE", "300/m")
PATHWAYS_API_ANONYMOUS_RATE = env_str("PATHWAYS_API_ANONYMOUS_RATE", "20/m")
for _name in ("PATHWAYS_API_TOKEN_RATE", "PATHWAYS_API_ANONYMOUS_RATE"):
    _count, _, _period = globals()[_name].partition("/")
    if not (_count.isdigit() and int(_count) > 0 and _period[:1] in ("s", "m", "h", "d")):
        raise ConfigError(f"{_name}: expected a rate like 300/m (requests per s, m, h or d), got {globals()[_name]!r}")
# The request log of `python -m pathways serve` leaves client addresses out unless this asks for them.
PATHWAYS_LOG_CLIENT_ADDRESS = env_bool("PATHWAYS_LOG_CLIENT_ADDRESS", False)
# The demo's "what to try" panel on the page each person lands on (scripts/run sets it; never in production).
PATHWAYS_DEMO_GUIDE = env_bool("PATHWAYS_DEMO_GUIDE", False)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not (DEBUG or LOCAL))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
# A session unused this many seconds is signed out (pathways/schools/sessions.py); the age above still
# ends every session.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
if SESSION_IDLE_TIMEOUT < 60:
    raise ConfigError(f"SESSION_IDLE_TIMEOUT: expected 60 seconds or more, got {SESSION_IDLE_TIMEOUT}")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# HTTPS, behind a reverse proxy that ends TLS (docs/deploy.md). SECURE_PROXY_SSL_HEADER=true trusts the
# proxy's X-Forwarded-Proto: https, so that request.is_secure() (the redirect, links in email) sees the
# scheme the browser used. Set it only when a proxy that overwrites that header stands in front.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# /healthz answers plain HTTP too, so the proxy and monitoring can probe the server on its own port
# (Django matches these against the path without its leading slash). It reads no cookie, shows nothing
# personal and sets nothing, so serving it without TLS gives nothing away.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SECURE_PROXY_SSL_HEADER", False) else None
# `check --deploy` warns while SECURE_HSTS_PRELOAD is off. Asking browsers to preload HTTPS is a decision for
# whoever owns the registrable domain (a trust's domain, of which Pathways is usually one host), and takes
# effect only when that domain is submitted to the browsers' list; it is not a fault of this deployment.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Console (printed to the server's output) unless EMAIL_HOST names a mail server: then SMTP.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend" if env_str("EMAIL_HOST", "")
                        else "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "pathways@localhost")

OTP_TOTP_ISSUER = "Pathways"

# The daily email of each member of staff's Today list (python -m pathways digest): when, local time,
# and the address its links point at.
PATHWAYS_DIGEST_TIME = env_time("PATHWAYS_DIGEST_TIME", "07:00")
PATHWAYS_BASE_URL = env_base_url("PATHWAYS_BASE_URL", "http://127.0.0.1:8000")
# The worker enqueues the nightly retention purge at this time, local time.
PATHWAYS_PURGE_TIME = env_time("PATHWAYS_PURGE_TIME", "02:30")
# The rows of jobs finished (done or failed) more than this many days ago are deleted nightly, with the purge.
PATHWAYS_JOB_RETENTION_DAYS = env_int("PATHWAYS_JOB_RETENTION_DAYS", 30)
if PATHWAYS_JOB_RETENTION_DAYS < 1:
    raise ConfigError("PATHWAYS_JOB_RETENTION_DAYS: must be 1 or more (days a finished job's row is kept)")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "pathways" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "uploads"
# A trust's own, longer retention periods (YAML; see docs/retention.md). Empty: the schedule as shipped.
PATHWAYS_RETENTION_FILE = env_str("PATHWAYS_RETENTION_FILE", "")

# LOG_FORMAT=json (the default of `python -m pathways serve`) writes one JSON object a line to standard
# output (pathways/logs.py); text, the default elsewhere, writes plain lines to standard error.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ConfigError(f"LOG_FORMAT: expected text or json, got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "pathways.logs.JsonFormatter"}},
    "handlers": {
        "console": (
            {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}
            if LOG_FORMAT == "json"
            else {"class": "logging.StreamHandler"}
        )
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
