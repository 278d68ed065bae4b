"""Django settings for rosconsole. Every value comes from the environment via rosconsole.config."""
from __future__ import annotations

import os

from rosconsole import config

BASE_DIR = config.BASE_DIR
DATA_DIR = config.data_dir()
SECRET_KEY = config.secret_key()
DEBUG = config.env_bool("DEBUG", False)
ALLOWED_HOSTS = config.allowed_hosts()
PUBLIC_URL = config.public_url()
CSRF_TRUSTED_ORIGINS = [PUBLIC_URL]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "rosconsole.accounts",
    "stacks",
    "fcruntime",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "rosconsole.middleware.ContentSecurityPolicyMiddleware",
    "rosconsole.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "rosconsole.urls"
ASGI_APPLICATION = "rosconsole.asgi.application"
WSGI_APPLICATION = "rosconsole.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rosconsole.accounts.context.console",
            ],
        },
    },
]

DATABASES = {"default": config.database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/stacks/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve straight from static/ too, so tests and fresh checkouts need no collectstatic

# --- Redis and Celery -------------------------------------------------------------------------
REDIS_URL = config.redis_url()
CELERY_BROKER_URL = config.celery_url(REDIS_URL)
CELERY_RESULT_BACKEND = config.celery_url(REDIS_URL)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "stacks"
CELERY_TASK_ROUTES = {
    "stacks.*": {"queue": "stacks"},
    "fcruntime.invoke_*": {"queue": "invocations"},
    "fcruntime.*": {"queue": "stacks"},
}
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None  # a Redis restart never stops a worker: it waits and reconnects
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # The pool reaps on its own thread too; this is the backstop (runs on an invocations worker).
    "fcruntime-reap-idle-instances": {"task": "fcruntime.reap_idle_instances", "schedule": 60.0,
                                      "options": {"queue": "invocations"}},
    "fcruntime-fire-timers": {"task": "fcruntime.fire_timers", "schedule": float(os.environ.get("ROSCONSOLE_TIMER_TICK_SECONDS", "1")), "options": {"expires": 10}},
}

# --- rosconsole --------------------------------------------------------------------------------
ROSCONSOLE_REGIONS = [
    r.strip() for r in os.environ.get("ROSCONSOLE_REGIONS", "cn-hangzhou,cn-shanghai,cn-beijing,cn-shenzhen,ap-southeast-1").split(",") if r.strip()
]
ROSCONSOLE_DEFAULT_REGION = ROSCONSOLE_REGIONS[0]
ROSCONSOLE_SWEEP_SECONDS = config.env_int("ROSCONSOLE_SWEEP_SECONDS", 30)
# No stack stays *_IN_PROGRESS forever: resume or fail steps whose worker died, resend lost messages.
CELERY_BEAT_SCHEDULE["stacks-sweep-operations"] = {"task": "stacks.sweep_operations",
                                                   "schedule": float(ROSCONSOLE_SWEEP_SECONDS)}
# Function Compute garbage: finished invocation records (and their spool files) are kept this long
# (0: forever); unused code blobs and unpacked code trees go too (fcruntime.services.gc). It runs on an
# invocations worker, the host whose work dir holds the unpacked code.
ROSCONSOLE_FC_INVOCATION_RETENTION_HOURS = config.env_int("ROSCONSOLE_FC_INVOCATION_RETENTION_HOURS", 24 * 7)
ROSCONSOLE_FC_GC_SECONDS = config.env_int("ROSCONSOLE_FC_GC_SECONDS", 3600)
CELERY_BEAT_SCHEDULE["fcruntime-collect-garbage"] = {
    "task": "fcruntime.collect_garbage", "schedule": float(max(60, ROSCONSOLE_FC_GC_SECONDS)),
    "options": {"queue": "invocations", "expires": float(max(60, ROSCONSOLE_FC_GC_SECONDS))}}
# The events stream (SSE) sends a `: keepalive` comment after this long without an event.
ROSCONSOLE_SSE_KEEPALIVE_SECONDS = float(os.environ.get("ROSCONSOLE_SSE_KEEPALIVE_SECONDS", "15"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# A 512 KiB TemplateBody grows up to 3x when form-encoded; the ROS API must still read it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 4 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the hx-headers attribute, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
