"""MIS interchange: marks out as CSV in the shape MIS write-back takes, and marks in from an MIS CSV.

    export:  HEADER; export_rows(school, start, end) -> iterator of CSV rows (the header first)
    check:   validate(school, data, *, progress=None, sink=None) -> Checked (valid Rows, rejected rows)
    write:   do_import_marks(*, school, checked, mode, actor, mark_import=None) -> (created, updated)
             do_check_and_import_marks(*, school, data, mode, actor, ...) -> (checked, created, updated)
    jobs:    run_import(mark_import, data, actor) -> the MarkImport, finished
             enqueue_import(mark_import, data): a large file, as a job of `python -m pathways worker`

Each module's docstring says how its part works: the check in pure Python with lookups made once, the
writing by COPY on PostgreSQL overlapping the check, the import's "done" in the transaction of its marks.
"""

from pathways.register.mis.check import Checked, Row, validate
from pathways.register.mis.export import HEADER, export_filename, export_rows
from pathways.register.mis.jobs import (
    ATTEMPTS,
    STALLED,
    STALLED_AFTER,
    WORKER_STOPPED,
    background_threshold,
    count_rows,
    enqueue_import,
    import_marks,
    rejected_csv,
    run_import,
    settle_stalled,
)
from pathways.register.mis.write import (
    MarkWriter,
    do_check_and_import_marks,
    do_import_marks,
    open_follow_ups,
)

__all__ = [
    "ATTEMPTS", "HEADER", "STALLED", "STALLED_AFTER", "WORKER_STOPPED", "Checked", "MarkWriter", "Row",
    "background_threshold", "count_rows", "do_check_and_import_marks", "do_import_marks", "enqueue_import",
    "export_filename", "export_rows", "import_marks", "open_follow_ups", "rejected_csv", "run_import",
    "settle_stalled", "validate",
]
