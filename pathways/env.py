"""Typed readers for settings that come from environment variables.

Each reader fails loudly, naming the variable, when a value is malformed: a typo in a
deployment's environment must stop the server at start-up, not surface later as odd behaviour.
"""

from __future__ import annotations

import os
from collections.abc import Mapping


class ConfigError(ValueError):
    """An environment variable holds a value Pathways cannot use."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    environ = os.environ if environ is None else environ
    return environ.get(name, default)


def env_bool(name: str, default: bool, environ: Mapping[str, str] | None = None) -> bool:
    environ = os.environ if environ is None else environ
    if name not in environ:
        return default
    raw = environ[name].strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ConfigError(f"{name}: expected true or false (1/0, yes/no, on/off), got {environ[name]!r}")


def env_int(name: str, default: int, environ: Mapping[str, str] | None = None) -> int:
    environ = os.environ if environ is None else environ
    if name not in environ:
        return default
    try:
        return int(environ[name].strip())
    except ValueError:
        raise ConfigError(f"{name}: expected a whole number, got {environ[name]!r}") from None


def env_list(name: str, default: list[str], environ: Mapping[str, str] | None = None) -> list[str]:
    """A comma-separated list; blank items are an error (they are nearly always a typo)."""
    environ = os.environ if environ is None else environ
    if name not in environ:
        return list(default)
    items = [item.strip() for item in environ[name].split(",")]
    if any(not item for item in items):
        raise ConfigError(f"{name}: expected a comma-separated list with no empty items, got {environ[name]!r}")
    return items


def env_time(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    """A time of day as HH:MM (24-hour clock), returned as written with two-digit hours."""
    environ = os.environ if environ is None else environ
    raw = environ.get(name, default).strip()
    hours, _, minutes = raw.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2 and 1 <= len(hours) <= 2
            and int(hours) < 24 and int(minutes) < 60):
        raise ConfigError(f"{name}: expected a time as HH:MM on the 24-hour clock, for example 07:00, got {raw!r}")
    return f"{int(hours):02d}:{minutes}"


def env_base_url(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    """The address staff reach the site at, for links in email: http(s)://host[:port][/path], no trailing slash."""
    environ = os.environ if environ is None else environ
    raw = environ.get(name, default).strip()
    scheme, sep, rest = raw.partition("://")
    if scheme not in {"http", "https"} or not sep or not rest or rest.startswith("/") or any(c in raw for c in "?# "):
        raise ConfigError(f"{name}: expected an address such as https://pathways.example.org, got {raw!r}")
    return raw.rstrip("/")


def env_database(name: str, default_sqlite_path: str, environ: Mapping[str, str] | None = None) -> dict[str, object]:
    """A Django DATABASES entry from a URL (postgres://, postgresql://, sqlite:///), SQLite when unset."""
    import dj_database_url

    environ = os.environ if environ is None else environ
    url = environ.get(name, "").strip()
    if not url:
        return _sqlite_options({"ENGINE": "django.db.backends.sqlite3", "NAME": default_sqlite_path}, environ)
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ConfigError(
            f"{name}: expected a postgresql://user@host:port/name or sqlite:///path URL, got {url!r}"
        )
    try:
        config = dict(dj_database_url.parse(url))
    except Exception as exc:  # the library raises several types; all mean the same thing here
        raise ConfigError(f"{name}: cannot read {url!r}: {exc}") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ConfigError(f"{name}: the URL names no database, got {url!r}")
    return _sqlite_options(config, environ) if scheme == "sqlite" else config


# SQLite keeps the journal of each statement that may need undoing alone (the stamps' triggers, run for
# every register mark written: pathways/today/models.py) in a temporary file unless told to keep it in
# memory; on disk it made writing marks two and a half times slower.
#
# Concurrent saves wait their turn instead of failing with "database is locked": the journal is a
# write-ahead log (readers never wait for a writer, nor a writer for readers), a writer waits up to
# DATABASE_BUSY_TIMEOUT seconds (default 20) for the one before it, and every transaction begins
# IMMEDIATE, taking the write lock at BEGIN, where waiting works, rather than upgrading a read lock
# midway, where SQLite fails at once to avoid a deadlock.
SQLITE_INIT = "PRAGMA temp_store = MEMORY; PRAGMA journal_mode = WAL;"
SQLITE_BUSY_TIMEOUT = 20


def _sqlite_options(config: dict[str, object], environ: Mapping[str, str]) -> dict[str, object]:
    options = dict(config.get("OPTIONS") or {})  # type: ignore[call-overload]
    options.setdefault("init_command", SQLITE_INIT)
    options.setdefault("timeout", env_int("DATABASE_BUSY_TIMEOUT", SQLITE_BUSY_TIMEOUT, environ))
    options.setdefault("transaction_mode", "IMMEDIATE")
    return {**config, "OPTIONS": options}
