"""The API's request and response bodies."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Literal

from ninja import Field, Schema
from pydantic import field_validator

from pathways.policy import casefile as cf

Session = Literal["am", "pm"]


class Slot(Schema):
    day: str = Field(description="mon, tue, wed, thu or fri")
    session: Session
    where: Literal["provider", "online"]


class Placement(Schema):
    arrangement_id: int
    pupil: str = Field(description="First name and the initial of the last name")
    year_group: int | None
    school: str
    start: dt.date
    end: dt.date | None
    slots: list[Slot] = Field(description="The sessions a week the timetable in force today puts at the provider")


class ExpectedSession(Schema):
    arrangement_id: int
    pupil: str
    year_group: int | None
    date: dt.date
    session: Session
    where: Literal["provider", "online"]
    deadline: str | None = Field(description="HH:MM: report an absence by then (school time)")
    reported: bool = Field(description="The provider has reported this session")
    attended: bool | None
    reason: str | None
    code: str | None = Field(description="The register code recorded, if any")
    reported_at: dt.datetime | None


class MarkIn(Schema):
    arrangement_id: int
    date: dt.date
    session: Session
    attended: bool
    reason: str | None = Field(
        None, description="Required when attended is false: one of " + ", ".join(cf.ABSENCE_REASONS)
    )
    comment: str = Field("", max_length=500)

    @field_validator("comment")
    @classmethod
    def no_control_characters(cls, value: str) -> str:
        """A NUL or another control character (a tab and line breaks aside) is refused here, naming the
        field, before it could reach the database (PostgreSQL refuses a NUL with an error)."""
        if any(unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in value):
            raise ValueError("contains a control character (such as NUL): remove it")
        return value

    @field_validator("reason")
    @classmethod
    def known_reason(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if value not in cf.ABSENCE_REASONS:
            raise ValueError(f"not a reason for absence: use one of {', '.join(cf.ABSENCE_REASONS)}")
        return value


class MarkOut(Schema):
    arrangement_id: int
    date: dt.date
    session: Session
    attended: bool | None
    reason: str | None
    code: str = Field(description="The register code stored (the policy engine's)")
    reported_at: dt.datetime
    late: bool = Field(description="An absence reported after the provider deadline")
    deadline: str | None


class ErrorItem(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrors(Schema):
    detail: list[ErrorItem]


class Message(Schema):
    detail: str
