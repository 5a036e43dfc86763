from typing import Any

import pytest

from pathways.env import ConfigError, env_bool, env_database, env_int, env_list


def test_a_malformed_boolean_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="DEBUG: expected true or false"):
        env_bool("DEBUG", False, {"DEBUG": "maybe"})


def test_booleans_read_the_usual_spellings() -> None:
    assert env_bool("X", False, {"X": "Yes"}) is True
    assert env_bool("X", True, {"X": "0"}) is False
    assert env_bool("X", True, {}) is True


def test_a_malformed_number_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="EMAIL_PORT: expected a whole number"):
        env_int("EMAIL_PORT", 25, {"EMAIL_PORT": "twenty-five"})


def test_a_host_list_with_an_empty_item_is_refused() -> None:
    assert env_list("ALLOWED_HOSTS", [], {"ALLOWED_HOSTS": "a.example, b.example"}) == ["a.example", "b.example"]
    with pytest.raises(ConfigError, match="ALLOWED_HOSTS"):
        env_list("ALLOWED_HOSTS", [], {"ALLOWED_HOSTS": "a.example,,b.example"})


def test_sqlite_is_used_when_no_database_url_is_set() -> None:
    assert env_database("DATABASE_URL", "/tmp/x.sqlite3", {})["ENGINE"] == "django.db.backends.sqlite3"


@pytest.mark.parametrize("environ", [{}, {"DATABASE_URL": "sqlite:////tmp/y.sqlite3"}])
def test_sqlite_keeps_its_statement_journals_in_memory(environ: dict[str, str]) -> None:
    assert env_database("DATABASE_URL", "/tmp/x.sqlite3", environ)["OPTIONS"] == {
        "init_command": "PRAGMA temp_store = MEMORY; PRAGMA journal_mode = WAL;", "timeout": 20,
        "transaction_mode": "IMMEDIATE"}


def test_sqlites_busy_timeout_is_a_setting() -> None:
    environ = {"DATABASE_BUSY_TIMEOUT": "45"}
    assert env_database("DATABASE_URL", "/tmp/x.sqlite3", environ)["OPTIONS"]["timeout"] == 45  # type: ignore[index]
    with pytest.raises(ConfigError, match="DATABASE_BUSY_TIMEOUT: expected a whole number"):
        env_database("DATABASE_URL", "/tmp/x.sqlite3", {"DATABASE_BUSY_TIMEOUT": "soon"})


def test_a_sqlite_file_is_opened_in_wal_mode_with_its_busy_timeout(tmp_path: Any) -> None:
    """Concurrent saves wait instead of failing: the pragmas as a connection to a file database has them."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    config = env_database("DATABASE_URL", str(tmp_path / "db.sqlite3"), {})
    wrapper = DatabaseWrapper({**config, "ATOMIC_REQUESTS": False, "AUTOCOMMIT": True, "CONN_MAX_AGE": 0,
                               "CONN_HEALTH_CHECKS": False, "TIME_ZONE": None, "USER": "", "PASSWORD": "",
                               "HOST": "", "PORT": "", "TEST": {}}, alias="wal")
    raw = wrapper.get_new_connection(wrapper.get_connection_params())  # as Django opens it, init commands run
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA busy_timeout").fetchone()[0] == 20_000
        assert raw.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
        assert wrapper.transaction_mode == "IMMEDIATE"
    finally:
        raw.close()


@pytest.mark.django_db
def test_the_connection_is_opened_with_sqlites_statement_journals_in_memory_and_postgresql_untouched() -> None:
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA temp_store")
            assert cursor.fetchone()[0] == 2  # MEMORY
    else:
        assert "init_command" not in connection.settings_dict.get("OPTIONS", {})


def test_a_postgres_url_is_read() -> None:
    config = env_database("DATABASE_URL", "x", {"DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/pathways"})
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "pathways"


def test_an_unknown_database_scheme_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="DATABASE_URL: expected a postgresql://"):
        env_database("DATABASE_URL", "x", {"DATABASE_URL": "mongodb://localhost/x"})
