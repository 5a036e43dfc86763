"""Settings for the test suite: the normal settings, on a developer's footing, with fast hashing."""

import os

os.environ.setdefault("PATHWAYS_LOCAL", "1")

from pathways.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = True

# A stand-in for the read replica (pathways/replica.py): a second connection to the test database. Reads
# go to it only in the tests that turn PATHWAYS_READ_REPLICA on (tests/test_replica.py), which allow it.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
PATHWAYS_READ_REPLICA = False
