"""Errors the policy engine raises when it cannot judge a case (never a silent default)."""

from __future__ import annotations


class PolicyError(Exception):
    """The engine was asked for something the law and policies it holds do not cover."""


class ParameterError(PolicyError, LookupError):
    """A parameter is unknown, or no value of it was in force on the date asked for."""


class CodeSetError(PolicyError, LookupError):
    """No register code set was in force on the date asked for."""
