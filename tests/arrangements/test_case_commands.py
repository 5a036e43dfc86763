"""`python -m pathways export-case` and `import-case`: case files from and into the database."""

from pathlib import Path
from typing import Any

import pytest

from pathways.arrangements.models import Arrangement
from pathways.audit.models import AuditEvent
from pathways.cli import main

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).parents[1] / "policy" / "examples" / "01_part_time_timetable.yaml"


def test_a_case_file_imported_from_the_command_line_exports_again(world: Any, tmp_path: Path, capsys: Any) -> None:
    by = world.staff["ap_lead"].username
    assert main(["import-case", str(EXAMPLE), "--school", world.school.urn, "--by", by]) == 0
    assert "Imported arrangement" in capsys.readouterr().out
    arrangement = Arrangement.objects.get(school=world.school)
    assert AuditEvent.objects.get(action="import case file").actor == world.staff["ap_lead"]
    out = tmp_path / "out.yaml"
    assert main(["export-case", str(arrangement.pk), "--as-of", "2026-01-21", "-o", str(out)]) == 0
    text = out.read_text()
    assert "kind: part_time_timetable" in text and "as_of: '2026-01-21'" in text


def test_a_bad_case_file_is_refused_with_its_reasons_and_nothing_imported(
    world: Any, tmp_path: Path, capsys: Any
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.read_text().replace("reason: mental_health", "reason: boredom"))
    assert main(["import-case", str(bad), "--school", world.school.urn]) == 2
    err = capsys.readouterr().err
    assert "nothing was imported" in err and "arrangement.reason" in err
    assert not Arrangement.objects.exists()


def test_an_unknown_school_or_arrangement_is_named(world: Any, capsys: Any) -> None:
    assert main(["import-case", str(EXAMPLE), "--school", "999999"]) == 2
    assert "No school has the URN 999999" in capsys.readouterr().err
    assert main(["export-case", "424242"]) == 2
    assert "There is no arrangement 424242" in capsys.readouterr().err
