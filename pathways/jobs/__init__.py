"""Background jobs: rows in the database, run by `python -m pathways worker` (docs/ARCHITECTURE.md)."""
