"""pathways.policy is pure Python: no Django, no other Pathways app (DESIGN.md, Architecture)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

POLICY = Path(__file__).resolve().parents[2] / "pathways" / "policy"
MODULES = sorted(POLICY.rglob("*.py"))


def forbidden_imports(source: str) -> list[str]:
    """Every imported module name that is Django or a Pathways package other than policy."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        for name in names:
            top = name.split(".")
            if top[0] == "django" or (top[0] == "pathways" and (len(top) < 2 or top[1] != "policy")):
                found.append(name)
    return found


def test_the_policy_package_has_modules_to_check():
    assert len(MODULES) > 10


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(POLICY)))
def test_a_policy_module_imports_nothing_from_django_or_other_apps(path: Path):
    assert forbidden_imports(path.read_text(encoding="utf-8")) == []


def test_the_import_check_catches_django_and_other_apps():
    source = "import django\nfrom django.db import models\nfrom pathways.pupils import models\nimport pathways\n"
    assert forbidden_imports(source) == ["django", "django.db", "pathways.pupils", "pathways"]


def test_the_import_check_allows_the_policy_package_and_the_standard_library():
    source = "import yaml\nimport datetime\nfrom pathways.policy.engine import rule\nfrom . import codes\n"
    assert forbidden_imports(source) == []
