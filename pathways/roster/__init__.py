"""The roster import: the school's pupils kept in step with its MIS, from a CTF or a CSV pupil list.

Reading a file (ctf.py, csvfile.py) gives raw records; checking them (check.py) gives the pupils' fields
or each record's reasons for rejection; planning (plan.py) compares them with the school's pupils; the
pupils' bulk actions (pathways/pupils/roster_actions.py) write the plan with one audit row per change.
See docs/roster.md.
"""
