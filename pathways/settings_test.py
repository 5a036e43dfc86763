"""Settings for the test suite: the normal settings, on a developer's footing, with fast hashing."""

import os

os.environ.setdefault("PATHWAYS_LOCAL", "1")

from pathways.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = True
