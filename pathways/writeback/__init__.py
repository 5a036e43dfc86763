"""Write-back to the school's MIS: the register's marks queued in an outbox and sent by the worker through
the school's connector (Wonde's API, a SIMS write file, or the CSV keying list); see docs/mis-writeback.md."""
