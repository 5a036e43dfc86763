"""What each report holds, built from the records with no access checks (the views make them).

    progress_report(arrangement, start=, end=, as_of=)   -> ProgressReport   (Appendix 6, for parents)
    visit_record(event)                                  -> VisitRecord      (Appendix 5, one visit)
    governors_report(school, year=, term=, today=)       -> GovernorsReport  (pupils counted, never named)
    la_return_rows(school, start=, end=)                 -> list[LaRow]      (part-time timetables, CSV)
    inspection_pack(pupil, as_of=)                       -> InspectionPack   (Ofsted's questions, Annex A)

One module a report (progress, visit, governors, la_return, inspection) and `shared` for what they share.
Figures come from the modules that own them: attendance rates from cases/rates.py, requirements
from the policy engine through cases/casefiles.py, the registration threshold from
cases/registration.py, a check's standing from providers/checks.py. Each builder reads in a fixed
number of queries whatever the number of arrangements.
"""

from pathways.reports.data.governors import GovernorsReport, KindRow, ProviderRow, governors_report
from pathways.reports.data.inspection import ArrangementEvidence, InspectionPack, inspection_pack
from pathways.reports.data.la_return import LA_COLUMNS, LaRow, csv_safe, la_return_rows
from pathways.reports.data.progress import ProgressReport, progress_report
from pathways.reports.data.shared import TERM_NAMES, current_half_term, term_containing, term_of
from pathways.reports.data.visit import VisitRecord, visit_record

__all__ = [
    "LA_COLUMNS", "TERM_NAMES", "ArrangementEvidence", "GovernorsReport", "InspectionPack", "KindRow", "LaRow",
    "ProgressReport", "ProviderRow", "VisitRecord", "csv_safe", "current_half_term", "governors_report",
    "inspection_pack", "la_return_rows", "progress_report", "term_containing", "term_of", "visit_record",
]
