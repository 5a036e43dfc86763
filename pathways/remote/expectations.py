"""The expectations of the planning and audit tool (002 Appendix A), read from expectations.yaml."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

COLUMNS = {
    "doing": "What are we doing?",
    "impact": "What is the impact of what we are doing? How do we know?",
    "next_steps": "What do we need to do now?",
}


@dataclass(frozen=True)
class Expectation:
    key: str
    text: str
    section: str


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    columns: tuple[str, ...]
    items: tuple[Expectation, ...]


@dataclass(frozen=True)
class Tool:
    source: str
    sections: tuple[Section, ...]

    def expectation_keys(self) -> list[str]:
        return [e.key for s in self.sections for e in s.items]


@functools.cache
def tool() -> Tool:
    data = yaml.safe_load((Path(__file__).parent / "expectations.yaml").read_text(encoding="utf-8"))
    sections = []
    for s in data["sections"]:
        unknown = set(s["columns"]) - set(COLUMNS)
        if unknown:
            raise ValueError(f"expectations.yaml: section {s['key']} has unknown columns {sorted(unknown)}")
        items = tuple(Expectation(i["key"], " ".join(i["text"].split()), s["key"]) for i in s["items"])
        sections.append(Section(s["key"], s["title"], tuple(s["columns"]), items))
    out = Tool(str(data["source"]), tuple(sections))
    if len(set(out.expectation_keys())) != len(out.expectation_keys()):
        raise ValueError("expectations.yaml: an expectation key is used twice")
    return out
