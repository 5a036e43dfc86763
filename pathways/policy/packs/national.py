"""The national pack: current statutory rules, always in force."""

from __future__ import annotations
