"""`python -m pathways setup`: a trust, its schools from the GIAS file, its trust lead's invitation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pathways.cli import main
from pathways.schools.gias import GiasError, read_establishments
from pathways.schools.models import GiasFile, Invitation, School, StaffRole, Trust, TrustRole, User
from tests.setup.gias_files import COLUMNS, ROWS, gias_csv

pytestmark = pytest.mark.django_db


def _run(tmp_path: Path, capsys: Any, *urns: str, data: bytes | None = None, admin: str = "lead@fylde.example",
         trust: str = "Fylde Coast Trust", extra: tuple[str, ...] = ()) -> tuple[int, str, str]:
    path = tmp_path / "edubasealldata20261206.csv"
    path.write_bytes(gias_csv() if data is None else data)
    argv = ["setup", "--trust", trust, "--gias", str(path), "--admin", admin, *extra]
    for urn in urns:
        argv += ["--school", urn]
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def _counts() -> tuple[int, ...]:
    return (Trust.objects.count(), School.objects.count(), User.objects.count(), TrustRole.objects.count(),
            StaffRole.objects.count(), Invitation.objects.count(), GiasFile.objects.count())


def test_a_fresh_database_gets_the_trust_two_schools_from_gias_and_the_trust_lead(tmp_path: Path, capsys: Any) -> None:
    status, out, err = _run(tmp_path, capsys, "139001", "139002")
    assert status == 0, err
    trust = Trust.objects.get(name="Fylde Coast Trust")
    mary, notre = School.objects.get(urn="139001"), School.objects.get(urn="139002")
    assert (mary.name, mary.laestab, mary.school_type, mary.phase, mary.local_authority, mary.la_code) == (
        "St Mary's Catholic Primary School", "8882101", "academy", "primary", "Lancashire", "888")
    # Windows-1252 accents read as the school writes its own name.
    assert (notre.name, notre.laestab, notre.phase) == ("Notre-Dame Sixth Form Académie", "8884102", "secondary")
    assert mary.trust == notre.trust == trust
    lead = User.objects.get(email="lead@fylde.example")
    assert TrustRole.objects.filter(user=lead, trust=trust).exists()
    assert not lead.has_usable_password()
    invitation = Invitation.objects.get(user=lead)
    link = out.strip().splitlines()[-1]
    assert link.startswith("http") and "/accounts/invitation/" in link
    assert invitation.token_hash not in link  # only the hash is kept, never the token
    assert "Added St Mary's Catholic Primary School (URN 139001, LAESTAB 8882101" in out


def test_a_second_run_adds_a_school_and_changes_nothing_else(tmp_path: Path, capsys: Any) -> None:
    assert _run(tmp_path, capsys, "139001", "139002")[0] == 0
    mary = School.objects.get(urn="139001")
    mary_before = {f.name: getattr(mary, f.name) for f in School._meta.fields}
    lead = User.objects.get(email="lead@fylde.example")
    invitation = Invitation.objects.get(user=lead)
    trust_id, users, roles = Trust.objects.get().id, User.objects.count(), TrustRole.objects.count()

    status, out, err = _run(tmp_path, capsys, "139001", "139002", "139004")
    assert status == 0, err
    assert School.objects.count() == 3
    pru = School.objects.get(urn="139004")
    assert (pru.school_type, pru.phase, pru.trust_id) == ("pru", "all_through", trust_id)
    mary.refresh_from_db()
    assert {f.name: getattr(mary, f.name) for f in School._meta.fields} == mary_before
    assert (User.objects.count(), TrustRole.objects.count(), Trust.objects.count()) == (users, roles, 1)
    assert list(Invitation.objects.filter(user=lead)) == [invitation]  # no new link, the first still works
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is None
    assert "Already set up: St Mary's Catholic Primary School (URN 139001): unchanged" in out
    assert "Added Preston Pupil Referral Unit" in out


@pytest.mark.parametrize(("urns", "message"), [
    (("139001", "139999"), "URN 139999 is not in the GIAS file."),
    (("139001", "139005"), "Old Mill Primary School is “Closed” in GIAS"),
    (("139001", "139006"), "Fellside Free School is “Proposed to open” in GIAS"),
])
def test_a_missing_or_closed_urn_writes_nothing(tmp_path: Path, capsys: Any, urns: tuple[str, ...],
                                                 message: str) -> None:
    before = _counts()
    status, _out, err = _run(tmp_path, capsys, *urns)
    assert status == 1
    assert message in err and "Nothing was set up" in err
    assert _counts() == before


def test_on_a_second_run_a_bad_urn_adds_nothing(tmp_path: Path, capsys: Any) -> None:
    assert _run(tmp_path, capsys, "139001")[0] == 0
    before = _counts()
    status, _, err = _run(tmp_path, capsys, "139004", "139005")
    assert status == 1 and "Old Mill Primary School" in err
    assert _counts() == before


@pytest.mark.parametrize(("data", "message"), [
    (gias_csv(columns=[c for c in COLUMNS if c != "EstablishmentNumber"],
              rows=[r[:3] + r[4:] for r in ROWS]), "no column “EstablishmentNumber”"),
    (b"name,address\nfoo,bar\n", "This is not a GIAS establishments file"),
    (b"\x00\x01\x02PK\x03\x04 binary", "holds binary data"),
    (gias_csv(rows=[]), "no establishments"),
    (gias_csv(rows=[["13900X", *ROWS[0][1:]]]), "the URN “13900X” is not a URN"),
])
def test_a_malformed_file_is_a_clear_error_that_writes_nothing(tmp_path: Path, capsys: Any, data: bytes,
                                                               message: str) -> None:
    before = _counts()
    status, _, err = _run(tmp_path, capsys, "139001", data=data)
    assert status == 1
    assert message in err
    assert _counts() == before


def test_a_missing_file_is_exit_2(tmp_path: Path, capsys: Any) -> None:
    status = main(["setup", "--trust", "T", "--school", "139001", "--gias", str(tmp_path / "nope.csv"),
                   "--admin", "a@b.example"])
    assert status == 2
    assert "cannot read it" in capsys.readouterr().err


def test_utf8_with_a_bom_reads_as_windows_1252_does() -> None:
    from_cp1252 = read_establishments(gias_csv())
    from_excel = read_establishments(gias_csv(encoding="utf-8", bom=True))
    assert from_cp1252 == from_excel
    assert from_excel["139002"].name == "Notre-Dame Sixth Form Académie"


def test_a_file_neither_utf8_nor_windows_1252_is_refused() -> None:
    # 0x81 is undefined in Windows-1252, and alone is not UTF-8.
    with pytest.raises(GiasError, match="neither UTF-8 nor Windows-1252"):
        read_establishments(gias_csv() + b"\x81\x81")


def test_another_trusts_school_is_not_taken(tmp_path: Path, capsys: Any) -> None:
    assert _run(tmp_path, capsys, "139001")[0] == 0
    before = _counts()
    status, _, err = _run(tmp_path, capsys, "139001", trust="Another Trust", admin="other@else.example")
    assert status == 1 and "already set up in another trust" in err
    assert _counts() == before


def test_invite_again_makes_a_new_link_while_the_lead_has_no_password(tmp_path: Path, capsys: Any) -> None:
    _run(tmp_path, capsys, "139001")
    first = Invitation.objects.get()
    status, out, _ = _run(tmp_path, capsys, "139001", extra=("--invite-again",))
    assert status == 0 and "/accounts/invitation/" in out
    first.refresh_from_db()
    assert first.withdrawn_at is not None and Invitation.objects.count() == 2


def test_the_demo_gias_file_maps_to_the_demo_schools() -> None:
    from pathways.demo.trust import GIAS_FILE, SCHOOLS

    establishments = read_establishments(GIAS_FILE.read_bytes())
    for _key, name, urn, laestab, school_type, phase, *_ in SCHOOLS:
        found = establishments[urn]
        assert (found.name, found.laestab, found.school_type, found.phase, found.is_open) == (
            name, laestab, school_type, phase, True)
    assert establishments["148205"].name == "Saint-Étienne Community Primary School"
