"""The school's words on every page: no seed file name ("000_9aba48fecd4ef049"), no rule id outside small
print, no Python literal (True, False, None, {'…': …}, [('…', …)]), no ISO timestamp with microseconds.

Small print is text inside an element whose class is govuk-body-s, pw-secondary, pw-rule-id or
govuk-visually-hidden (or a <small>): a rule id may stand there, after its duty in words, as "(rule PTT-LA-NOTIFIED)".

Two searches: the templates as written, and the demo's pages as rendered (Today, the register, arrangements
of each kind with their chronology, a pupil, the audit trail, the inspection pack, the glossary, the provider's
portal), since most of what a page shows comes from its data."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from pathways.policy.engine import rules

ROOT = Path(__file__).resolve().parent.parent / "pathways"
SEED_FILE = re.compile(r"\b\d{3}_[0-9a-f]{16}\b")
RULE_ID = re.compile(r"\b[A-Z]{2,4}(?:-[A-Z0-9]+)+\b")
LITERALS = re.compile(r"^(True|False|None)$|\{'|\[\('|\('[a-z_]+', |\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3,}")
SMALL_PRINT = {"govuk-body-s", "pw-secondary", "pw-rule-id", "govuk-visually-hidden"}
RULE_IDS = frozenset(r.id for r in rules())


def _templates() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.html") if "templates" in p.parts)


class _Text(HTMLParser):
    """Each text node of a page with whether it stands in small print; scripts and styles left out."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "col", "area", "base", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.nodes: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        small = tag == "small" or bool(classes & SMALL_PRINT) or any(s for _, s in self.stack)
        self.stack.append((tag, small))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] in ("script", "style"):
            return
        text = data.strip()
        if text:
            self.nodes.append((text, bool(self.stack) and self.stack[-1][1]))


def problems_in(html: str) -> list[str]:
    """What a rendered page shows that is not the school's words."""
    parser = _Text()
    parser.feed(html)
    found = []
    before = ""
    for text, small in parser.nodes:
        if SEED_FILE.search(text):
            found.append(f"seed file name: {text[:120]}")
        if LITERALS.search(text):
            found.append(f"Python literal: {before[-60:]} | {text[:120]}")
        before = text
        if not small and any(m in RULE_IDS for m in RULE_ID.findall(text)):
            found.append(f"rule id outside small print: {text[:120]}")
    return found


def test_the_search_finds_what_it_looks_for() -> None:
    assert problems_in("<p>Pack 000_9aba48fecd4ef049.txt</p>")
    assert problems_in("<td>True</td>") and problems_in("<p>{'consent': True}</p>")
    assert problems_in("<p>[('a', 1)]</p>") and problems_in("<p>2026-12-06T10:25:00.123456</p>")
    rule = sorted(RULE_IDS)[0]
    assert problems_in(f"<h2>{rule}</h2>")
    assert not problems_in(f'<p>The duty <span class="govuk-body-s">(rule {rule})</span></p>')
    assert not problems_in(f'<p class="govuk-body-s">Source: guidance <span>(rule {rule})</span></p>')
    assert not problems_in("<p>None of the pupils is absent.</p><script>var x = {'a': 1};</script>")


def test_no_template_writes_a_seed_file_name_a_rule_id_or_a_python_literal() -> None:
    found = []
    for path in _templates():
        source = path.read_text()
        without_code = re.sub(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", "", source, flags=re.S)
        for problem in problems_in(without_code):
            found.append(f"{path.relative_to(ROOT)}: {problem}")
    assert len(_templates()) > 100
    assert found == [], "\n".join(found)


LONDON = ZoneInfo("Europe/London")
DAY = dt.date(2026, 11, 23)  # a Monday of the autumn term: the demo's arrangements are running


@pytest.mark.django_db
def test_the_demos_pages_and_inspection_pack_speak_the_schools_words(client: Any) -> None:
    from pathways.demo.trust import PROVIDER_LOGIN, create_demo_trust
    from pathways.schools.models import User
    from tests.conftest import sign_in

    with time_machine.travel(dt.datetime.combine(DAY, dt.time(12, 0), tzinfo=LONDON)):
        demo = create_demo_trust(today=DAY)
        school = demo.schools["holyfamily"]
        s = f"/schools/{school.id}"
        rtl = demo.arrangements["hf_rtl_missed_step_up"]
        ap = demo.arrangements["hf_ap_farm_full_time_1"]
        urls = [
            f"{s}/today/", f"{s}/register/?date={DAY}", f"{s}/arrangements/", f"{s}/audit/",
            f"{s}/policy/", f"{s}/week/", "/help/words/",
        ]
        for a in (rtl, ap, demo.arrangements["hf_ptt_social_worker"], demo.arrangements["hf_online_broken_leg"]):
            urls += [f"{s}/arrangements/{a.id}/", f"{s}/arrangements/{a.id}/chronology/",
                     f"{s}/pupils/{a.pupil_id}/", f"{s}/reports/pupils/{a.pupil_id}/inspection/",
                     f"{s}/pupils/{a.pupil_id}/chronology/"]
        found: list[str] = []
        checked = 0
        for username, pages in (("holyfamily-dsl", urls), ("holyfamily-teacher", [f"{s}/register/?date={DAY}"]),
                                (PROVIDER_LOGIN, ["/provider/"])):
            client.logout()
            sign_in(client, User.objects.get(username=username))
            for url in pages:
                response = client.get(url, follow=True)
                if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                    found.append(f"{url}: {response.status_code}")
                    continue
                checked += 1
                found += [f"{url}: {p}" for p in problems_in(response.content.decode())]
        client.logout()
        sign_in(client, User.objects.get(username="holyfamily-dsl"))
        for a in (rtl, ap):  # the inspection pack as printed: its PDF's text
            response = client.get(f"{s}/reports/pupils/{a.pupil_id}/inspection/?format=pdf")
            assert response["Content-Type"] == "application/pdf"
            found += [f"inspection PDF of {a.pupil}: {p}" for p in pdf_problems(response.content)]
            checked += 1
    assert checked >= 20
    assert found == [], "\n".join(found)


def pdf_problems(pdf: bytes) -> list[str]:
    """A PDF's text has no seed file name and no Python literal, and a rule id only as small print's
    "(rule ID)" after its duty in words."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    text = "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    found = [f"seed file name: {m.group(0)}" for m in SEED_FILE.finditer(text)]
    found += [f"Python literal: {line}" for line in text.splitlines() if LITERALS.search(line.strip())]
    flat = " ".join(text.split())
    assert len(flat) > 500, "the PDF's text could not be read"
    for m in RULE_ID.finditer(flat):
        if m.group(0) in RULE_IDS and not flat[:m.start()].endswith("(rule "):
            found.append(f"rule id outside small print: …{flat[max(0, m.start() - 60):m.end()]}")
    return found


def test_every_duty_is_titled_in_words_not_by_a_parameters_name() -> None:
    """A duty's title is what staff read above each requirement: "At least the minimum hours of remote
    education a day …", never "At least REMOTE_MINIMUM_HOURS per day"."""
    named = re.compile(r"\b[A-Z]+_[A-Z_]+\b")
    assert [r.title for r in rules() if named.search(r.title)] == []
    assert [r.id for r in rules() if RULE_ID.fullmatch(r.title)] == []
