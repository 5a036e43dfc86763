"""Running Pathways: backup and restore of the database and the uploaded files (backup.py, restore.py,
crossload.py), and the retention schedule with its purge (retention.py, purge.py).

These read and write every table, so they sit beside the apps rather than inside one; the commands
in pathways/cli/commands/ and the job queue call them.
"""
