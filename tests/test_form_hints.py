"""Every field's hint and error are read with it: aria-describedby names the ids includes/field.html gives
them, never an id that is not on the page."""

import re
from typing import Any


def test_the_hints_of_add_a_pupil_are_wired_to_their_fields(world: Any, as_user: Any) -> None:
    body = as_user(world.staff["headteacher"]).get(f"/schools/{world.school.id}/pupils/new/").content.decode()
    targets = re.findall(r'aria-describedby="([^"]+)"', body)
    assert targets, "the fields with hints name them"
    for names in targets:
        for target in names.split():
            assert f'id="{target}"' in body, target
    assert 'aria-describedby="id_upn-hint"' in body and 'id="id_upn-hint"' in body


def test_a_field_with_an_error_names_its_error_too(world: Any, as_user: Any) -> None:
    response = as_user(world.staff["headteacher"]).post(f"/schools/{world.school.id}/pupils/new/", {"upn": "X"})
    body = response.content.decode()
    assert response.status_code == 400
    described = re.search(r'<input[^>]*name="upn"[^>]*>', body)
    assert described is not None
    ids = re.search(r'aria-describedby="([^"]+)"', described.group(0))
    assert ids is not None and ids.group(1).split() == ["id_upn-hint", "id_upn-error"]
    assert 'id="id_upn-error"' in body
