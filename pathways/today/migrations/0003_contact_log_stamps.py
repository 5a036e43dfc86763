"""The pupil's stamp (RegisterStamp) is raised by the contact log and the register of live sessions too:
a case's chronology takes the welfare checks and recording consents they stand for, and its `contacts`
every contact (cases/casefiles.py, remote/contacts.py), so Today's kept findings are judged again when one
is written, changed or deleted, as they are for an event or a mark (0002).

- a contact of the family (remote_familycontact), by its pupil;
- a pupil taken into or out of a live session (remote_livesession_pupils), by that pupil;
- a live session changed (its day, whether it was pre-recorded, the parents' consent), for each of its pupils.
"""

import importlib

from django.db import migrations

_0002 = importlib.import_module("pathways.today.migrations.0002_stamp_triggers")

WATCHED = (
    ("remote_familycontact", "pupil_id", "today_registerstamp", "pupil_id"),
    ("remote_livesession_pupils", "pupil_id", "today_registerstamp", "pupil_id"),
)
SESSION_CHANGED = "today_registerstamp_remote_livesession_update"


def _session_changed(vendor: str) -> tuple[list[str], list[str]]:
    if vendor == "postgresql":
        return [f"""
            CREATE FUNCTION {SESSION_CHANGED}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO today_registerstamp (pupil_id, n)
                SELECT DISTINCT p.pupil_id, 1 FROM remote_livesession_pupils p
                WHERE p.livesession_id IN (SELECT id FROM new_rows) ORDER BY p.pupil_id
                ON CONFLICT (pupil_id) DO UPDATE SET n = today_registerstamp.n + 1;
                RETURN NULL;
            END $$""",
                f"CREATE TRIGGER {SESSION_CHANGED} AFTER UPDATE ON remote_livesession REFERENCING NEW TABLE AS "
                f"new_rows FOR EACH STATEMENT EXECUTE FUNCTION {SESSION_CHANGED}()"], [
                f"DROP TRIGGER IF EXISTS {SESSION_CHANGED} ON remote_livesession",
                f"DROP FUNCTION IF EXISTS {SESSION_CHANGED}()"]
    return [f"CREATE TRIGGER {SESSION_CHANGED} AFTER UPDATE ON remote_livesession FOR EACH ROW BEGIN "
            "INSERT INTO today_registerstamp (pupil_id, n) SELECT pupil_id, 1 FROM remote_livesession_pupils "
            "WHERE livesession_id = NEW.id ON CONFLICT (pupil_id) DO UPDATE SET n = n + 1; END"], [
            f"DROP TRIGGER IF EXISTS {SESSION_CHANGED}"]


def _statements(vendor: str) -> tuple[list[str], list[str]]:
    create, drop = _0002._statements(vendor, WATCHED)  # refuses a database other than PostgreSQL and SQLite
    session_create, session_drop = _session_changed(vendor)
    return create + session_create, drop + session_drop


def create_triggers(apps, schema_editor):
    for sql in _statements(schema_editor.connection.vendor)[0]:
        schema_editor.execute(sql)


def drop_triggers(apps, schema_editor):
    for sql in _statements(schema_editor.connection.vendor)[1]:
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("today", "0002_stamp_triggers"),
        ("remote", "0004_family_contacts"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
