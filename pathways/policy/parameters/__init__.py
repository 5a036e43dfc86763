"""Pack parameters: dated values with their sources, in the way OpenFisca keeps legislation.

Each pack has one YAML file here (`national.yaml`, `alternative-pathways.yaml`, …). A parameter is

    name:
      description: what it is
      type: int | bool | time | levels | days_of_year | last_weekday
                                      (levels: a mapping of fixed keys to whole numbers;
                                       days_of_year: a list such as ["31 March", "31 August"];
                                       last_weekday: such as "last Friday in June")
      keys: [low, medium, high]       (levels only)
      overridable: true               (a school's own policy may change it; absent: false, the law)
      values:                         (in date order)
        - {from: 2019-06-01, value: ..., source: "000 §5 ...", url: "https://..."}

A value is in force from its `from` date until the next value's `from`; `url` (optional) is where
its public source can be read. Asking for a date before the first value raises ParameterError: the
engine never falls back on a silent default. A case's `settings` override the value for that school
(a `levels` override may give only some keys), but only for a parameter marked `overridable`: an
override of a statutory one is refused with a ParameterError naming the setting.

    get("provider_absence_deadline", on=date(2025, 3, 10))              -> Time(10, 0)
    get("welfare_check_interval_school_days", on, settings)["high"]     -> 2
    source("full_time_hours_per_week", on)                              -> "Education Act 1996 s463; ..."
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pathways.policy.clock import DayOfYear, LastWeekday, Time
from pathways.policy.errors import PARAMETER, ParameterError

_HERE = Path(__file__).parent
TYPES = ("int", "bool", "time", "levels", "days_of_year", "last_weekday")


@dataclass(frozen=True, slots=True)
class DatedValue:
    start: _dt.date
    value: Any
    source: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    pack: str
    description: str
    type: str
    keys: tuple[str, ...]
    values: tuple[DatedValue, ...]
    overridable: bool = False  # a school's own policy may change it (never statute)
    choices: tuple[tuple[int, str], ...] = ()  # for a number that stands for a choice: (1, "a home visit")

    def in_force(self, on: _dt.date) -> DatedValue:
        """The value in force on `on`; ParameterError when no value covers that date."""
        found: DatedValue | None = None
        for dated in self.values:
            if dated.start <= on:
                found = dated
            else:
                break
        if found is None:
            first = self.values[0].start.isoformat() if self.values else "never"
            raise ParameterError(
                f"parameter {self.name} has no value in force on {on.isoformat()} (its first value is from {first})",
                subject=PARAMETER, name=self.name, description=self.description, on=on,
                first=self.values[0].start if self.values else None,
            )
        return found


@dataclass(frozen=True, slots=True)
class Invalid:
    """Why a settings override was refused; `subpath` extends the path (e.g. ".high")."""

    message: str
    subpath: str = ""


def _convert(kind: str, keys: tuple[str, ...], raw: Any, where: str) -> Any:
    got = _check(kind, keys, raw, partial=False)
    if isinstance(got, Invalid):
        raise ParameterError(f"{where}{got.subpath}: {got.message}")
    return got


def _check(kind: str, keys: tuple[str, ...], raw: Any, *, partial: bool) -> Any:
    if kind == "int":
        if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
            return raw
        return Invalid(f"not a whole number of 0 or more: {raw!r}")
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        return Invalid(f"not true or false: {raw!r}")
    if kind == "time":
        if isinstance(raw, Time):
            return raw
        if isinstance(raw, str):
            try:
                return Time.parse(raw)
            except ValueError:
                pass
        if isinstance(raw, int) and not isinstance(raw, bool):
            return Invalid(f'not a time: {raw} (write times in quotes, e.g. "{raw // 60 % 24:02d}:{raw % 60:02d}")')
        return Invalid(f'not a time: {raw!r} (write "HH:MM" in quotes)')
    if kind == "levels":
        if not isinstance(raw, Mapping):
            return Invalid(f"must be a mapping of {', '.join(keys)} to whole numbers")
        out: dict[str, int] = {}
        for key, item in raw.items():
            if key not in keys:
                return Invalid("unknown key", f".{key}")
            if not (isinstance(item, int) and not isinstance(item, bool) and item >= 0):
                return Invalid(f"not a whole number of 0 or more: {item!r}", f".{key}")
            out[key] = item
        if not partial:
            missing = [k for k in keys if k not in out]
            if missing:
                return Invalid(f"missing {', '.join(missing)}")
        return out
    if kind == "days_of_year":
        try:
            if not isinstance(raw, list) or not raw:
                raise ValueError(raw)
            return tuple(sorted(DayOfYear.parse(str(item)) for item in raw))
        except ValueError:
            return Invalid(f'not a list of days of the year: {raw!r} (write e.g. ["31 March", "31 August"])')
    if kind == "last_weekday":
        try:
            return LastWeekday.parse(str(raw))
        except ValueError:
            return Invalid(f'not a last weekday of a month: {raw!r} (write e.g. "last Friday in June")')
    return Invalid(f"unknown parameter type {kind!r}")


def _choices(raw: Any, kind: str, where: str) -> tuple[tuple[int, str], ...]:
    """A whole-number parameter whose numbers stand for choices ({0: "a phone call", 1: "a home visit"}),
    so a school chooses by the words, never by the number."""
    if raw is None:
        return ()
    if kind not in ("int", "levels") or not isinstance(raw, Mapping) or not raw:
        raise ParameterError(f"{where}: choices are a mapping of whole numbers to words, for an int or levels")
    out = []
    for number, words in raw.items():
        if not isinstance(number, int) or isinstance(number, bool) or not str(words or "").strip():
            raise ParameterError(f"{where}: {number!r}: each choice is a whole number with its words")
        out.append((number, str(words).strip()))
    return tuple(sorted(out))


def _load() -> dict[str, Parameter]:
    found: dict[str, Parameter] = {}
    for path in sorted(_HERE.glob("*.yaml")):
        pack = path.stem
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, spec in data.items():
            if name in found:
                raise ParameterError(f"parameter {name} is defined twice ({found[name].pack} and {pack})")
            kind = spec["type"]
            if kind not in TYPES:
                raise ParameterError(f"{path.name}: {name}: unknown type {kind!r}")
            keys = tuple(spec.get("keys", ()))
            values = []
            for i, v in enumerate(spec["values"]):
                start = v["from"]
                if not isinstance(start, _dt.date) or isinstance(start, _dt.datetime):
                    raise ParameterError(f"{path.name}: {name}.values[{i}].from: not a date")
                if not v.get("source"):
                    raise ParameterError(f"{path.name}: {name}.values[{i}]: every value cites its source")
                url = str(v.get("url", ""))
                if url and not url.startswith("https://"):
                    raise ParameterError(f"{path.name}: {name}.values[{i}].url: not an https:// address")
                value = _convert(kind, keys, v["value"], f"{name}.values[{i}]")
                values.append(DatedValue(start, value, str(v["source"]).strip(), url))
            values.sort(key=lambda dv: dv.start)
            overridable = spec.get("overridable", False)
            if not isinstance(overridable, bool):
                raise ParameterError(f"{path.name}: {name}.overridable: not true or false")
            description = str(spec.get("description", "")).strip()
            choices = _choices(spec.get("choices"), kind, f"{path.name}: {name}.choices")
            found[name] = Parameter(name, pack, description, kind, keys, tuple(values), overridable, choices)
    return found


PARAMETERS: dict[str, Parameter] = _load()
_NAMES = tuple(PARAMETERS)


def names() -> tuple[str, ...]:
    """Every parameter (the keys a case's `settings` may name; only the overridable ones are accepted)."""
    return _NAMES


def overridable_names() -> tuple[str, ...]:
    """The parameters a school's own policy may change (its `settings`); the others are the law."""
    return tuple(n for n in _NAMES if PARAMETERS[n].overridable)


def _statutory(p: Parameter) -> str:
    """Why a school may not override `p`: it is the law, not the school's own policy."""
    cited = p.values[-1].source.split(";")[0].strip() if p.values else "the national rules"
    return f"{p.name} is set by law ({cited}), not by the school's policy: a school's settings cannot change it"


def parameter(name: str) -> Parameter:
    try:
        return PARAMETERS[name]
    except KeyError:
        raise ParameterError(f"unknown parameter {name!r}", subject=PARAMETER, name=name) from None


def validate_override(name: str, raw: Any) -> Any:
    """A settings value converted to the parameter's type, or an Invalid saying why not."""
    p = PARAMETERS.get(name)
    if p is None:
        return Invalid("unknown key")
    if not p.overridable:
        return Invalid(_statutory(p))
    return _check(p.type, p.keys, raw, partial=True)


def get(name: str, on: _dt.date, settings: Mapping[str, Any] | None = None) -> Any:
    """The value of `name` in force on `on`, with the school's override from `settings` applied."""
    p = parameter(name)
    if settings and name in settings:
        if not p.overridable:
            raise ParameterError(f"settings.{name}: {_statutory(p)}", subject=PARAMETER, name=name,
                                 description=p.description, on=on)
        override = settings[name]
        if p.type == "levels":
            base = p.in_force(on).value if p.values and p.values[0].start <= on else {}
            merged = {**base, **override}
            missing = [k for k in p.keys if k not in merged]
            if missing:
                raise ParameterError(f"parameter {name}: no value for {', '.join(missing)} on {on.isoformat()}",
                                     subject=PARAMETER, name=name, description=p.description, on=on,
                                     first=p.values[0].start if p.values else None)
            return merged
        return override
    return p.in_force(on).value


def url(name: str, on: _dt.date) -> str:
    """Where the public source of the value in force on `on` can be read ("" for a school's or LA's policy)."""
    return parameter(name).in_force(on).url


def source(name: str, on: _dt.date, settings: Mapping[str, Any] | None = None) -> str:
    """Where the value in force on `on` comes from ("the school's settings" when overridden)."""
    if settings and name in settings:
        return "the school's own setting"
    return parameter(name).in_force(on).source
