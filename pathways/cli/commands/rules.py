"""`python -m pathways rules [--json] [--pack PACK]`: every implemented requirement with its pack,
title and source, and (in the JSON) the parameters it reads."""

from __future__ import annotations

import argparse
import json
import shutil
import textwrap

HELP = "list every implemented requirement id with its pack, title and source (a table, or --json)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--pack", action="append", help="only this pack (may be repeated)")


def run(args: argparse.Namespace) -> int:
    from pathways.policy.engine import rules

    found = rules(args.pack)
    if args.json:
        rows = [
            {"id": r.id, "pack": r.pack, "title": r.title, "source": r.source, "parameters": list(r.params)}
            for r in found
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    width = max(shutil.get_terminal_size((160, 24)).columns, 100)
    id_w = max([len("id"), *(len(r.id) for r in found)])
    pack_w = max([len("pack"), *(len(r.pack) for r in found)])
    rest = width - id_w - pack_w - 4
    title_w = max(rest * 3 // 5, 30)
    source_w = max(rest - title_w - 2, 20)
    print(f"{'id':<{id_w}}  {'pack':<{pack_w}}  {'title':<{title_w}}  source")
    print(f"{'-' * id_w}  {'-' * pack_w}  {'-' * title_w}  {'-' * source_w}")
    for r in found:
        titles = textwrap.wrap(r.title, title_w) or [""]
        sources = textwrap.wrap(r.source, source_w) or [""]
        for i in range(max(len(titles), len(sources))):
            first = i == 0
            ident = r.id if first else ""
            pack = r.pack if first else ""
            title = titles[i] if i < len(titles) else ""
            source = sources[i] if i < len(sources) else ""
            print(f"{ident:<{id_w}}  {pack:<{pack_w}}  {title:<{title_w}}  {source}".rstrip())
    print(f"\n{len(found)} requirements implemented.")
    return 0
