"""The installable package (pyproject.toml) and the lock (requirements.txt) agree: every pinned runtime
package is a dependency of the package, and each pin is inside the package's range."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def pins() -> dict[str, str]:
    found = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            match = re.fullmatch(r"([A-Za-z0-9_.\-]+)(\[[^\]]+\])?==(\S+)", line)
            assert match, f"requirements.txt: not an exact pin: {line!r}"
            found[canonicalize_name(match.group(1))] = match.group(3)
    return found


def dependencies() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {canonicalize_name(r.name): r for r in map(Requirement, project["dependencies"])}


def test_every_dependency_is_pinned_and_every_other_pin_is_needed_by_one() -> None:
    pinned, declared = pins(), dependencies()
    assert set(declared) - set(pinned) == set()
    # The lock may also pin what a dependency itself needs; anything else belongs in pyproject.toml.
    needed = {
        canonicalize_name(Requirement(line).name)
        for name in pinned for line in (metadata.distribution(name).requires or [])
    }
    assert set(pinned) - set(declared) - needed == set()


def test_each_pin_is_inside_the_packages_range() -> None:
    ranges = dependencies()
    outside = {name: (version, str(ranges[name].specifier)) for name, version in pins().items()
               if name in ranges and not ranges[name].specifier.contains(version, prereleases=True)}
    assert outside == {}


def test_the_package_has_the_pathways_command_and_leaves_out_bench_and_tests() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert config["project"]["scripts"] == {"pathways": "pathways.cli:main"}
    assert config["tool"]["setuptools"]["packages"]["find"]["include"] == ["pathways", "pathways.*"]
