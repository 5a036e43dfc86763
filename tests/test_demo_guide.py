"""The demo's "what to try" panel: on the page each person lands on, for their roles, only when the demo
guide is switched on (scripts/run), never on a real installation."""

from typing import Any


def test_the_landing_page_says_what_to_try_as_each_role_only_on_the_demo(world: Any, as_user: Any,
                                                                         settings: Any) -> None:
    today = f"/schools/{world.school.id}/today/"
    client = as_user(world.staff["dsl"])
    assert 'data-testid="demo-guide"' not in client.get(today).content.decode()
    settings.PATHWAYS_DEMO_GUIDE = True
    page = client.get(today).content.decode()
    assert 'data-testid="demo-guide"' in page and "As the DSL: open your week from Today" in page
    assert "As the headteacher" not in page
    other_page = client.get(f"/schools/{world.school.id}/pupils/").content.decode()
    assert 'data-testid="demo-guide"' not in other_page  # the landing page only
    lead = as_user(world.trust_lead).get(f"/trusts/{world.trust.id}/").content.decode()
    assert "As the trust lead" in lead
