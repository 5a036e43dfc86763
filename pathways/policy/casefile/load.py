"""load_case and read_case: YAML or JSON text, or a file on disk, -> Case (through parse_case)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

from pathways.policy.casefile.model import Case
from pathways.policy.casefile.read import parse_case
from pathways.policy.casefile.reader import CaseFileError


def load_case(text: str | bytes) -> Case:
    """Read YAML or JSON text. Raises CaseFileError for anything that is not a valid case file."""
    try:
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise CaseFileError([f"(root): not UTF-8 text ({exc.reason} at byte {exc.start})"]) from None
        if not isinstance(text, str):
            raise CaseFileError([f"(root): expected text, not {type(text).__name__}"])
        data = _load_document(text)
    except CaseFileError:
        raise
    except RecursionError:
        raise CaseFileError(["(root): the case file is nested too deeply"]) from None
    except Exception as exc:
        raise CaseFileError([f"(root): the case file could not be read ({type(exc).__name__})"]) from None
    return parse_case(data)


def _load_document(text: str) -> Any:
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            return json.loads(text)
        except ValueError:
            pass  # YAML flow style also starts with "{"; let the YAML reader judge it
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise CaseFileError([f"(root): not valid YAML or JSON{where}: {exc.problem}"]) from None
    except yaml.YAMLError as exc:
        raise CaseFileError([f"(root): not valid YAML or JSON: {exc}"]) from None


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe YAML loader, except that an impossible unquoted date (2025-02-30) stays text, so the
    case-file reader can name its path instead of YAML failing on the whole document."""


def _timestamp(loader: Any, node: Any) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def read_case(path: str | Path) -> Case:
    """Read a case file from disk; "-" reads standard input."""
    if str(path) == "-":
        return load_case(sys.stdin.buffer.read())
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise CaseFileError([f"(root): cannot read {path}: {exc.strerror or exc}"]) from None
    return load_case(raw)
