"""The case file, version 1: a strict reader and a canonical writer.

A case file is one pupil's arrangement as a single YAML or JSON document (see
/work/shared/spec/case-file.md, "The case file, version 1", and docs/policy-engine.md). This
package turns one into frozen dataclasses and back:

    parse_case(data)      a mapping already loaded from YAML or JSON  -> Case
    load_case(text)       YAML or JSON text (str or bytes)            -> Case
    read_case(path)       a file on disk ("-" is standard input)      -> Case
    dump_case(case)       Case -> the canonical dict (dump -> parse -> dump is identical)

Every problem with the input raises CaseFileError, never anything else. Its `errors` list holds
one line per problem, each naming the path of the offending value exactly, e.g.
``events[3].date: not a date: '2025-02-30'``. Unknown keys are errors, not ignored.

Defaults are applied while reading (an event's `written` is true unless it says otherwise, a
session is attended unless it says otherwise), and the writer leaves out every value that equals
its default, so the canonical dict is the smallest file that means the same case.

One module per part:

    vocabulary   the format name and the closed lists of values (PACKS, EVENT_TYPES, WEEKDAYS...)
    model        the frozen dataclasses (Case, Pupil, Arrangement, Event, Session...)
    reader       the path-naming checks the reader is built on, and CaseFileError
    read         parse_case, one function per section of the file
    load         load_case and read_case (text and files)
    write        dump_case

Every name is importable from here (`from pathways.policy.casefile import Case, WEEKDAYS`).
"""

from pathways.policy.casefile.load import (
    load_case,
    read_case,
)
from pathways.policy.casefile.model import (
    Arrangement,
    Calendar,
    Case,
    Contact,
    DaySlots,
    Event,
    Expect,
    FullTimePupils,
    HalfTerm,
    LiveLessons,
    Provider,
    ProviderCheck,
    Pupil,
    Recording,
    Register,
    School,
    Session,
    Step,
    Timetable,
)
from pathways.policy.casefile.read import (
    parse_case,
)
from pathways.policy.casefile.reader import (
    CaseFileError,
)
from pathways.policy.casefile.vocabulary import (
    ABSENCE_REASONS,
    ARRANGED_BY,
    ARRANGEMENT_KINDS,
    CASE_ONLY_EVENT_FIELDS,
    CHECK_TYPES,
    CONTACT_CHANNELS,
    DEFAULT_REGISTER,
    END_OUTCOMES,
    EVENT_FIELDS,
    EVENT_TYPES,
    FORMAT,
    MEDICAL_EVIDENCE_SOURCES,
    PACKS,
    PROVIDER_KINDS,
    REASONS,
    REGISTRATIONS,
    REQUESTED_BY,
    REVIEW_OUTCOMES,
    SCHOOL_TYPES,
    SEND,
    SESSIONS,
    VULNERABILITY,
    WEEKDAYS,
    WELFARE_CHECK_KINDS,
    WHERE,
)
from pathways.policy.casefile.write import (
    dump_case,
)

__all__ = [
    "ABSENCE_REASONS",
    "ARRANGED_BY",
    "ARRANGEMENT_KINDS",
    "CASE_ONLY_EVENT_FIELDS",
    "CHECK_TYPES",
    "CONTACT_CHANNELS",
    "DEFAULT_REGISTER",
    "END_OUTCOMES",
    "EVENT_FIELDS",
    "EVENT_TYPES",
    "FORMAT",
    "MEDICAL_EVIDENCE_SOURCES",
    "PACKS",
    "PROVIDER_KINDS",
    "REASONS",
    "REGISTRATIONS",
    "REQUESTED_BY",
    "REVIEW_OUTCOMES",
    "SCHOOL_TYPES",
    "SEND",
    "SESSIONS",
    "VULNERABILITY",
    "WEEKDAYS",
    "WELFARE_CHECK_KINDS",
    "WHERE",
    "Arrangement",
    "Calendar",
    "Case",
    "CaseFileError",
    "Contact",
    "DaySlots",
    "Event",
    "Expect",
    "FullTimePupils",
    "HalfTerm",
    "LiveLessons",
    "Provider",
    "ProviderCheck",
    "Pupil",
    "Recording",
    "Register",
    "School",
    "Session",
    "Step",
    "Timetable",
    "dump_case",
    "load_case",
    "parse_case",
    "read_case",
]
