"""The routes a school's marks take into its MIS, one interface (base.Connector), each route saying what
it can do (base.Capabilities). connector_for(connection) gives the school's."""

from __future__ import annotations

from pathways.writeback.connectors.base import (
    Capabilities,
    Connector,
    MisMark,
    Refused,
    RetryLater,
    SessionMark,
    Written,
)
from pathways.writeback.connectors.files import CsvKeyingList, SimsWriteFile
from pathways.writeback.connectors.wonde import WondeConnector
from pathways.writeback.models import MisConnection, Route
from pathways.writeback.secrets import decrypt


def connector_for(connection: MisConnection) -> Connector:
    if connection.route == Route.WONDE:
        return WondeConnector(base_url=connection.base_url, school_id=connection.mis_school_id,
                              token=decrypt(connection.credentials), timeout=connection.timeout_seconds)
    if connection.route == Route.SIMS_FILE:
        return SimsWriteFile()
    return CsvKeyingList()


__all__ = ["Capabilities", "Connector", "CsvKeyingList", "MisMark", "Refused", "RetryLater", "SessionMark",
           "SimsWriteFile", "WondeConnector", "Written", "connector_for"]
