"""WSGI entry point: ``gunicorn netzero.wsgi`` or any WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netzero.settings")
application = get_wsgi_application()
