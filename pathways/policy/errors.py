"""Errors the policy engine raises when it cannot judge a case (never a silent default).

Each error says what the engine lacked, so that a caller can say it in the school's words and point to
what fixes it without reading the message: `subject` ("parameter" or "code_set"; "" for a fault in the
engine itself), `name` (the parameter), `description` (what the parameter is, as its pack describes it),
`on` (the date asked for) and `first` (the first date the engine holds a value for, if any).
"""

from __future__ import annotations

import datetime as _dt

PARAMETER, CODE_SET = "parameter", "code_set"


class PolicyError(Exception):
    """The engine was asked for something the law and policies it holds do not cover."""

    def __init__(
        self,
        message: str,
        *,
        subject: str = "",
        name: str = "",
        description: str = "",
        on: _dt.date | None = None,
        first: _dt.date | None = None,
    ) -> None:
        super().__init__(message)
        self.subject = subject
        self.name = name
        self.description = description
        self.on = on
        self.first = first


class ParameterError(PolicyError, LookupError):
    """A parameter is unknown, or no value of it was in force on the date asked for."""


class CodeSetError(PolicyError, LookupError):
    """No register code set was in force on the date asked for."""
