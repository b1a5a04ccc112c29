"""Settings from the environment (`PAVILION_*`, `DATABASE_URL`), with working laptop defaults."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("PAVILION_HOME", Path.cwd()))
VAR_DIR = Path(os.environ.get("PAVILION_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("PAVILION_DEBUG")
# The default key is for a laptop demo only; production sets PAVILION_SECRET_KEY.
SECRET_KEY = os.environ.get("PAVILION_SECRET_KEY", "pavilion-insecure-development-key-change-me")
ALLOWED_HOSTS = env_list("PAVILION_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("PAVILION_CSRF_TRUSTED_ORIGINS", "")

# Key that encrypts personal data vetting needs (document numbers, dates of birth) at rest.
# A urlsafe base64 Fernet key; the default is derived from SECRET_KEY for the demo only.
PAVILION_DATA_KEY = os.environ.get("PAVILION_DATA_KEY", "")
# Personal data of events that ended more than this many days ago is deleted by
# `pavilion purge-personal-data` (run it daily).
PAVILION_RETENTION_DAYS = int(os.environ.get("PAVILION_RETENTION_DAYS", "180"))
# Largest badge photo accepted on registration forms.
PAVILION_PHOTO_MAX_BYTES = int(os.environ.get("PAVILION_PHOTO_MAX_BYTES", str(2 * 1024 * 1024)))
# An ISO 8601 time the server takes as "now" (rehearsals, the demo); unset means real time.
PAVILION_CLOCK = os.environ.get("PAVILION_CLOCK", "")
# The address people reach Pavilion at, for the links of e-mails written by background work
# (meeting requests, published schedules), which has no request to take it from.
PAVILION_SITE_URL = os.environ.get("PAVILION_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # the API's docs page then loads Swagger UI from ninja's own static files, not from a CDN
    "pavilion.core",
    "pavilion.events",
    "pavilion.exhibitors",
    "pavilion.registrations",
    "pavilion.vetting",
    "pavilion.accreditation",
    "pavilion.meetings",
    "pavilion.programme",
    "pavilion.deals",
    "pavilion.reports",
    "pavilion.api",
    "django.forms",  # the form renderer below finds Django's own form templates here, after ours
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads a body: a Content-Length in other digits than 0-9 gets a 400 (see there).
    "pavilion.core.middleware.ContentLengthMiddleware",
    # A NUL in the address, a query parameter or a JSON body gets a 400 naming it (PostgreSQL refuses
    # a NUL in any text: a 500 otherwise); after the language is chosen, before anything reads a form.
    "pavilion.core.middleware.NullCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A sign-in turns the pages to the account's language (core.accounts.restore_language).
    "pavilion.core.middleware.AccountLanguageMiddleware",
    # A page address opened with the wrong method gets a page instead of a blank 405.
    "pavilion.core.middleware.MethodNotAllowedPageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it turns a locked-out sign-in into its page
]

ROOT_URLCONF = "pavilion.urls"
CSRF_FAILURE_VIEW = "pavilion.core.views.csrf_failure"  # the site's page, not Django's bare one
WSGI_APPLICATION = "pavilion.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pavilion.core.context_processors.site",
            ],
        },
    }
]
# Forms render through the templates above, so pavilion/core/templates/django/forms/ overrides Django's own:
# a field's error list is announced (role="alert") as well as tied to the field (aria-describedby).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'pavilion.sqlite3'}",
        conn_max_age=int(os.environ.get("PAVILION_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Every transaction takes SQLite's write lock when it begins (IMMEDIATE): one that read first and
    # then wrote while another had written meanwhile failed at once with "database is locked", however
    # long the timeout; now the second waits for the first (up to the timeout) and goes on.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20,
         "transaction_mode": "IMMEDIATE"}
    )
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("PAVILION_TEST_SQLITE", "")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DATABASES["default"]["CONN_MAX_AGE"]:
    # On kept connections psycopg prepares a statement from its third run. Only the server-bound
    # cursors of the gate scan's hot statements (accreditation/prepared.py) are ever prepared:
    # Django's own cursors bind on the client. Behind a pooler in transaction mode this needs one
    # that keeps protocol-level prepared statements (PgBouncer >= 1.21, max_prepared_statements).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 2)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed sign-ins (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user name from one
# address, that pair is refused for the cool-off time (the page says so and offers the password
# reset). Attempts are kept in the database, not written to the log; successful sign-ins are not kept.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("PAVILION_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("PAVILION_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True
AXES_CLIENT_IP_CALLABLE = "pavilion.core.security.client_ip"
AXES_CLIENT_STR_CALLABLE = "pavilion.core.security.client_str"  # its log lines name no user and no address
# How many reverse proxies of ours stand before the application (the README's nginx: 1); each appends
# the address it saw to X-Forwarded-For, so the client's is that many entries from the end.
PAVILION_PROXY_COUNT = int(os.environ.get("PAVILION_PROXY_COUNT", "0"))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("az", _("Azerbaijani")), ("ru", _("Russian"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("PAVILION_MEDIA_ROOT", VAR_DIR / "media"))
# Registrants' supporting documents (press cards): no address serves them (registrations.private_storage).
PAVILION_PRIVATE_ROOT = os.environ.get("PAVILION_PRIVATE_ROOT") or None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("PAVILION_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("PAVILION_FROM_EMAIL", "Pavilion <no-reply@pavilion.invalid>")

# Background work: run at once by default, a database-backed worker in production.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("PAVILION_TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("PAVILION_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

# Personal data never reaches logs: no request bodies are logged, and errors name fields only.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_query_strings": {"()": "pavilion.core.logs.WithoutQueryStrings"}},
    "formatters": {"server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}",
                              "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler"},
                 "server": {"class": "logging.StreamHandler", "formatter": "server"}},
    # The development server's request log as Django's own, but without query strings (searches
    # for a person's name are personal data).
    "loggers": {"django.server": {"handlers": ["server"], "filters": ["without_query_strings"], "level": "INFO",
                                  "propagate": False}},
    "root": {"handlers": ["console"], "level": os.environ.get("PAVILION_LOG_LEVEL", "WARNING")},
}
