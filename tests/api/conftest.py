import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """The API's rate limits count in the cache: each test starts with none used."""
    cache.clear()
