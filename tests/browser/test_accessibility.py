"""Every page, for every role, meets WCAG 2.2 AA as far as a machine can tell.

Signed in as one member of staff of each role (and the trust lead, and a provider's member of staff), the
test crawls the demo from the page each lands on, following every link the pages offer: a crawl, not a
list, so a new page is covered as soon as a page links to it. Each URL pattern (Django's route) is checked
once for each role that reaches it. On each page:

- axe-core (from npm) with the WCAG 2.0, 2.1 and 2.2 A and AA rules: no violation;
- what axe cannot see: every `aria-describedby` names ids that exist on the page; the page does not
  scroll sideways at 320 px wide (WCAG 1.4.10, reflow: a wide table may scroll inside its own box);
- a link the page offers answers: no 403, 404 or 500 behind a link a person was given.

Then, once for each form pattern the crawl met: the form sent with its text boxes empty, where that is
refused, puts "Error:" at the start of the title and the focus on the error summary.

Everything found is written to test-artifacts/accessibility.txt and the test fails listing it.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
import time_machine
from django.test import Client
from django.urls import Resolver404, resolve

from pathways.demo.trust import create_demo_trust
from pathways.providers.models import ProviderStaff
from pathways.schools.models import Role, StaffRole, TrustRole, User
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
REPORT = ROOT / "test-artifacts" / "accessibility.txt"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
NOT_PAGES = (".pdf", ".csv", ".ics", ".yaml", ".yml", ".xml", ".json", ".png", ".svg", ".zip")
NOT_FOLLOWED = ("/accounts/logout", "/api/", "/healthz", "/static/", "/feeds/")
# Forms not sent empty: they end a session or withdraw something with no text box that could be refused.
NOT_SENT = ("logout", "revoke", "deactivate", "leave", "switch-school", "two-factor")
MAX_PAGES_PER_ROLE = 250

PAGE_CHECKS = """() => {
  const missing = [];
  for (const el of document.querySelectorAll('[aria-describedby]')) {
    for (const id of el.getAttribute('aria-describedby').split(/\\s+/).filter(Boolean)) {
      if (!document.getElementById(id)) {
        missing.push(`${el.tagName.toLowerCase()} "${el.id || el.name || ''}" -> #${id}`);
      }
    }
  }
  const links = [...document.querySelectorAll('a[href]')]
    .filter(a => !a.hasAttribute('download'))
    .map(a => a.getAttribute('href'));
  const boxes = 'form[method="post"] input[type="text"], form[method="post"] textarea';
  const forms = document.querySelectorAll(boxes).length;
  return {missing, links, forms};
}"""
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} at `
    + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('; ')
    + (v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ''));
}"""


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    checked: int = 0
    forms: dict[str, str] = field(default_factory=dict)  # route -> a URL of a page with a form to send empty

    def add(self, who: str, url: str, what: str) -> None:
        self.problems.append(f"{who} {url}: {what}")


def personas() -> list[tuple[str, User]]:
    """One member of staff of each role (Holy Family's where it has one), the trust lead and a provider's
    member of staff: the roles come from the database, so a new role is crawled too."""
    found: list[tuple[str, User]] = []
    for role in Role.values:
        staff = (StaffRole.objects.filter(role=role).select_related("user", "school")
                 .order_by("-school__name").first())  # Oakfield, then Holy Family, St Bede's
        holy = (StaffRole.objects.filter(role=role, school__name__startswith="Holy Family")
                .select_related("user").first())
        chosen = holy or staff
        if chosen is not None:
            found.append((role, chosen.user))
    lead = TrustRole.objects.select_related("user").first()
    if lead is not None:
        found.append(("trust lead", lead.user))
    member = ProviderStaff.objects.select_related("user").filter(user__is_active=True).first()
    if member is not None:
        found.append(("provider", member.user))
    return found


def route_of(path: str) -> str | None:
    try:
        return resolve(path).route
    except Resolver404:
        return None


def followable(base: str, href: str, origin: str) -> str | None:
    url, _ = urldefrag(urljoin(base, href))
    parsed = urlparse(url)
    if f"{parsed.scheme}://{parsed.netloc}" != origin or not parsed.path:
        return None
    if parsed.path.endswith(NOT_PAGES) or any(parsed.path.startswith(p) for p in NOT_FOLLOWED):
        return None
    return url


def crawl(browser: Any, live_server: Any, who: str, user: User | None, findings: Findings,
          start: tuple[str, ...] = ("/",)) -> None:
    """From the start pages, signed in as `user` (or signed out, None)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", bypass_csp=True)
    if user is not None:
        client = sign_in(Client(), user)
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                              "url": live_server.url}])
    page = context.new_page()
    origin = live_server.url
    queue: deque[tuple[str, str]] = deque([(f"{origin}{path}", "the start") for path in start])
    seen_urls: set[str] = set()
    seen_routes: set[str] = set()
    while queue and len(seen_routes) < MAX_PAGES_PER_ROLE:
        url, came_from = queue.popleft()
        if url in seen_urls:
            continue
        seen_urls.add(url)
        route = route_of(urlparse(url).path)
        if route is None or route in seen_routes:
            continue
        try:
            response = page.goto(url, wait_until="domcontentloaded")
        except Exception as error:  # a download ("Download is starting") is not a page
            if "Download is starting" in str(error):
                continue
            findings.add(who, url, f"did not load ({error!s:.120}), linked from {came_from}")
            continue
        if response is None:
            continue
        final_route = route_of(urlparse(page.url).path)
        if response.status >= 400:
            findings.add(who, url, f"answers {response.status}, though {came_from} links to it")
            seen_routes.add(route)
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        if final_route is None or final_route in seen_routes:
            seen_routes.add(route)
            continue
        seen_routes.update({route, final_route})
        findings.checked += 1
        checks = page.evaluate(PAGE_CHECKS)
        for missing in checks["missing"]:
            findings.add(who, page.url, f"aria-describedby names an id that is not on the page: {missing}")
        page.add_script_tag(path=str(AXE))
        for violation in page.evaluate(AXE_RUN, AXE_TAGS):
            findings.add(who, page.url, f"axe: {violation}")
        page.set_viewport_size({"width": 320, "height": 800})
        wide = page.evaluate("() => document.documentElement.scrollWidth")
        page.set_viewport_size({"width": 1280, "height": 900})
        if wide > 321:
            findings.add(who, page.url, f"scrolls sideways at 320 px wide (the page is {wide} px wide)")
        if checks["forms"] and final_route not in findings.forms:
            findings.forms[final_route] = page.url
        for href in checks["links"]:
            target = followable(page.url, href, origin)
            if target is not None and target not in seen_urls:
                queue.append((target, page.url))
    context.close()


def send_forms_empty(browser: Any, live_server: Any, user: User, findings: Findings) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", bypass_csp=True)
    client = sign_in(Client(), user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    for route, url in sorted(findings.forms.items()):
        if any(word in route for word in NOT_SENT):
            continue
        page.goto(url, wait_until="domcontentloaded")
        form = page.locator('form[method="post"]').filter(has=page.locator('input[type="text"], textarea')).first
        if form.count() == 0:
            continue
        for box in form.locator('input[type="text"], textarea').all():
            if box.is_visible() and box.is_editable():
                box.fill("")
        submit = form.locator('button[type="submit"], button:not([type]), input[type="submit"]').first
        if submit.count() == 0 or not submit.is_visible():
            continue
        with page.expect_navigation(wait_until="domcontentloaded"):
            submit.click()
        if page.locator(".govuk-error-summary").count() == 0:
            continue
        if not page.title().startswith("Error: "):
            findings.add("form", url, f"refused, but the title does not begin \"Error:\" ({page.title()!r})")
        focused = "() => !!(document.activeElement && document.activeElement.closest('.govuk-error-summary'))"
        if not page.evaluate(focused):
            findings.add("form", url, "refused, but the focus is not on the error summary")
    context.close()


def school_day(today: dt.date) -> dt.date:
    """Today, or the Friday before on a weekend: the demo's register and provider portal have sessions."""
    return today - dt.timedelta(days=max(0, today.weekday() - 4))


def test_every_page_for_every_role_meets_wcag_22_aa(live_server: Any, browser: Any) -> None:
    assert AXE.exists(), f"axe-core is installed from npm by scripts/bootstrap: {AXE} is missing"
    day = school_day(dt.date.today())
    with time_machine.travel(dt.datetime.combine(day, dt.time(10, 30)), tick=True):
        create_demo_trust(today=day)
        findings = Findings()
        people = personas()
        assert {who for who, _ in people} >= {"headteacher", "dsl", "attendance_officer", "teacher", "governor",
                                               "trust lead", "provider"}
        crawl(browser, live_server, "signed out", None, findings,
              start=("/accounts/login/", "/accounts/password-reset/", "/help/words/"))
        for who, user in people:
            crawl(browser, live_server, who, user, findings)
        send_forms_empty(browser, live_server, next(u for w, u in people if w == "headteacher"), findings)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(f"{findings.checked} pages checked\n" + "\n".join(findings.problems) + "\n", encoding="utf-8")
    assert findings.checked > 50, f"the crawl reached only {findings.checked} pages"
    assert not findings.problems, f"{len(findings.problems)} problems (all in {REPORT}):\n" + "\n".join(
        findings.problems[:60])
