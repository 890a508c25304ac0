import os

from django.core.wsgi import get_wsgi_application

# Served by gunicorn only where deployed; `make run` uses manage.py and the development settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()
