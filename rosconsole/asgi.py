"""ASGI entry point: the console, both APIs, HTTP triggers and server-sent events."""
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rosconsole.settings")
application = get_asgi_application()
