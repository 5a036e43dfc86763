"""One module per subcommand of `python -m pathways` (see pathways/cli/__init__.py)."""
