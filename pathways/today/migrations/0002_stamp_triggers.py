"""The triggers that raise the stamps (see pathways/today/models.py): a register mark of a pupil written,
changed or deleted raises the pupil's RegisterStamp; an event of an arrangement, its ChronologyStamp.

PostgreSQL: one trigger per statement and operation, reading the rows it touched from its transition
tables, so a COPY of a million marks raises each pupil's stamp once, in pupil order (the order in
which concurrent writers take the stamps' row locks). SQLite has no statement triggers: one per row.
"""

from django.db import migrations

# (table written, its key column, stamp table, stamp key column)
WATCHED = (
    ("attendance_mark", "pupil_id", "today_registerstamp", "pupil_id"),
    ("arrangements_event", "arrangement_id", "today_chronologystamp", "arrangement_id"),
)


def _postgresql(table: str, column: str, stamps: str, key: str) -> tuple[list[str], list[str]]:
    create, drop = [], []
    for op, rows in (("INSERT", ("new_rows",)), ("UPDATE", ("new_rows", "old_rows")), ("DELETE", ("old_rows",))):
        name = f"{stamps}_{table}_{op.lower()}"
        touched = " UNION ".join(f"SELECT {column} FROM {r}" for r in rows)
        referencing = " ".join(f"{'NEW' if r == 'new_rows' else 'OLD'} TABLE AS {r}" for r in rows)
        create.append(f"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO {stamps} ({key}, n)
                SELECT DISTINCT {column}, 1 FROM ({touched}) AS touched WHERE {column} IS NOT NULL ORDER BY {column}
                ON CONFLICT ({key}) DO UPDATE SET n = {stamps}.n + 1;
                RETURN NULL;
            END $$""")
        create.append(f"CREATE TRIGGER {name} AFTER {op} ON {table} REFERENCING {referencing} "
                      f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()")
        drop += [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}()"]
    return create, drop


def _sqlite(table: str, column: str, stamps: str, key: str) -> tuple[list[str], list[str]]:
    def bump(value: str, where: str = "") -> str:
        return (f"INSERT INTO {stamps} ({key}, n) SELECT {value}, 1 WHERE {value} IS NOT NULL{where} "
                f"ON CONFLICT ({key}) DO UPDATE SET n = n + 1; ")

    create, drop = [], []
    for op, bumps in (
        ("INSERT", bump(f"NEW.{column}")),
        # the new key's stamp, and the old one's too if the row moved
        ("UPDATE", bump(f"NEW.{column}") + bump(f"OLD.{column}", f" AND OLD.{column} IS NOT NEW.{column}")),
        ("DELETE", bump(f"OLD.{column}")),
    ):
        name = f"{stamps}_{table}_{op.lower()}"
        create.append(f"CREATE TRIGGER {name} AFTER {op} ON {table} FOR EACH ROW BEGIN {bumps}END")
        drop.append(f"DROP TRIGGER IF EXISTS {name}")
    return create, drop


def _statements(vendor: str, watching: tuple[tuple[str, str, str, str], ...] = WATCHED) -> tuple[list[str], list[str]]:
    """The statements that create and drop the triggers on the tables `watching` names (later migrations
    watch more tables the same way)."""
    make = {"postgresql": _postgresql, "sqlite": _sqlite}.get(vendor)
    if make is None:
        raise NotImplementedError(f"Pathways keeps its stamps by triggers on PostgreSQL and SQLite, not {vendor}")
    create: list[str] = []
    drop: list[str] = []
    for watched in watching:
        c, d = make(*watched)
        create += c
        drop += d
    return create, drop


def create_triggers(apps, schema_editor):
    for sql in _statements(schema_editor.connection.vendor)[0]:
        schema_editor.execute(sql)


def drop_triggers(apps, schema_editor):
    for sql in _statements(schema_editor.connection.vendor)[1]:
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("today", "0001_initial"),
        ("attendance", "0006_mark_arrangement_index_and_school_key"),
        ("arrangements", "0002_arrangement_lead"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
