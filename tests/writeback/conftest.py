"""The fake Wonde, started for a test and stopped after it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.writeback.fake_wonde import FakeWonde


@pytest.fixture
def wonde() -> Iterator[FakeWonde]:
    with FakeWonde() as fake:
        yield fake
