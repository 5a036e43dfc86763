import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")
application = get_wsgi_application()
# The URL conf and every view it names, loaded now rather than by the first request.
URL_PATTERNS = get_resolver().url_patterns
# What start-up made (settings, models, URL patterns, views, templates' code, the policy engine's rules)
# lives as long as the process: moved out of the collector's reach, a request's collections no longer walk
# it. On the trust dashboard that is about 80 ms of CPU a request (bench/README.md, 7 December 2026).
# Gunicorn preloads this module in its master (pathways/server.py), so the workers it forks share it too.
gc.freeze()
