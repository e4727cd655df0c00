"""The samkarta command: parses options and calls extraction/ and graph/; no logic of its own."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from extraction.errors import SamkartaError

EXPORT_FORMATS = ["ttl", "nt", "trig", "jsonld", "graphml", "gexf", "csv", "xlsx"]


def _store_options(parser: argparse.ArgumentParser, endpoint: bool = True) -> None:
    parser.add_argument("--store", metavar="DIR", type=Path, default=None,
                        help="embedded Oxigraph store folder (default: $SAMKARTA_STORE or var/store in the project)")
    if endpoint:
        parser.add_argument("--endpoint", metavar="URL", default=None,
                            help="a SPARQL 1.1 server instead of the embedded store, e.g. http://127.0.0.1:7878")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="samkarta", description="Samverkanskarta: minutes -> records -> knowledge graph.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("extract", help="print one minutes record per document", description="Read documents and print their minutes records.")
    p.add_argument("--jsonl", action="store_true", help="one JSON record per line (the default and only format)")
    p.add_argument("paths", nargs="+", metavar="PATH", type=Path, help="files or folders (.txt, .pdf, .docx)")

    p = sub.add_parser("build", help="ingest documents into the graph store", description="Extract documents and write their graphs into the store.")
    _store_options(p)
    p.add_argument("-j", "--jobs", metavar="N", type=_positive, default=1,
                   help="worker processes for extraction and graph building (default 1); the store is written by one process")
    p.add_argument("--no-cache", action="store_true",
                   help="analyse every document again (by default unchanged documents are taken from the last build)")
    p.add_argument("paths", nargs="+", metavar="PATH", type=Path, help="files or folders (.txt, .pdf, .docx)")

    p = sub.add_parser("export", help="write the whole graph to standard output", description="Export the stored graph.")
    _store_options(p)
    p.add_argument("--format", choices=EXPORT_FORMATS, default="ttl",
                   help="ttl, nt, trig (with the per-document graphs), jsonld: RDF; graphml, gexf: the network for "
                        "Gephi; csv, xlsx: the samverkansgrupp inventory (default ttl)")

    p = sub.add_parser("query", help="answer a named question (mandates, path, inventory, person, body)",
                       description="Run a named question from graph/queries/ on the store and print the rows.")
    _store_options(p)
    p.add_argument("name", metavar="NAME", help="the question: mandates, path, inventory, person or body")
    p.add_argument("--topic", metavar="T", help="path: a word or phrase (or an agreement IRI) to follow")
    p.add_argument("--body", metavar="B", help="mandates, inventory, body: part of a body's name")
    p.add_argument("--name", metavar="N", dest="person", help="person: part of a person's name")
    p.add_argument("--open", action="store_true", help="mandates: only open ones, with their age, overdue first")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", dest="as_of",
                   help="mandates, person, body: the state on that day (roles, memberships, follow-up)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output (default table)")

    p = sub.add_parser("analyse", help="network analyses: mandate chain, central bodies, groups without mandate",
                       description="Analyse the graph with networkx: 'chain' (the shortest chain of mandates from "
                                   "--from to --to), 'centrality' (the bodies that connect the most others), "
                                   "'unmandated' (collaboration groups no known mandate created).")
    _store_options(p)
    p.add_argument("kind", metavar="KIND", choices=["chain", "centrality", "unmandated"],
                   help="chain, centrality or unmandated")
    p.add_argument("--from", metavar="BODY", dest="source", help="chain: the giving body (part of its name)")
    p.add_argument("--to", metavar="BODY", dest="target", help="chain: the receiving body (part of its name)")
    p.add_argument("--top", metavar="N", type=int, default=None, help="centrality: only the N first")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output (default table)")

    p = sub.add_parser("names", help="list the name merges made across documents, with their evidence",
                       description="Extract the documents and list every person and body name that was merged "
                                   "into another (variant -> canonical) with the evidence, for review.")
    p.add_argument("--aliases", metavar="FILE", type=Path, default=None,
                   help="curated alias file (default data/aliases.tsv)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output (default table)")
    p.add_argument("paths", nargs="+", metavar="PATH", type=Path, help="files or folders (.txt, .pdf, .docx)")

    p = sub.add_parser("app", help="start the viewer", description="Start the Streamlit viewer on the store.")
    _store_options(p, endpoint=False)
    p.add_argument("--port", type=int, default=8501, help="port to serve on (default 8501)")
    return parser


def cmd_extract(args) -> int:
    from extraction.extract import extract_paths
    for record in extract_paths(args.paths):
        sys.stdout.write(record.to_json() + "\n")
    return 0


def cmd_build(args) -> int:
    from graph.ingest import build_paths
    from graph.store import open_store
    from graph.incremental import cache_folder
    with open_store(args.store, args.endpoint) as store:
        report = build_paths(store, args.paths, jobs=args.jobs,
                             cache_dir=None if args.no_cache else cache_folder(store))
    for name, message in report.failed:
        print(f"samkarta: {message}" if name in message else f"samkarta: {name}: {message}", file=sys.stderr)
    for warning in report.warnings:
        print(f"samkarta: warning: {warning}", file=sys.stderr)
    if report.added or report.updated or report.unchanged:
        print(report.summary(), file=sys.stderr)
    return 1 if report.failed else 0


def cmd_export(args) -> int:
    from graph.store import open_store
    with open_store(args.store, args.endpoint, read_only=True) as store:
        from graph.exports import export
        sys.stdout.buffer.write(export(store, args.format))
    return 0


def cmd_query(args) -> int:
    from graph.questions import columns, format_rows, run_query
    from graph.store import open_store
    columns(args.name)  # an unknown name fails here, before a store is opened
    with open_store(args.store, args.endpoint, read_only=True) as store:
        rows = run_query(store, args.name, topic=args.topic, body=args.body, name=args.person, as_of=args.as_of,
                         open=args.open or None)
    sys.stdout.write(format_rows(rows, args.format, columns(args.name)))
    return 0


def cmd_analyse(args) -> int:
    from graph.analysis import COLUMNS, body_centrality, mandate_chain, unmandated_groups
    from graph.questions import format_rows
    from graph.store import open_store
    if args.kind == "chain" and not (args.source and args.target):
        raise SamkartaError("analyse chain needs --from BODY and --to BODY", "ange --from och --to")
    with open_store(args.store, args.endpoint, read_only=True) as store:
        if args.kind == "chain":
            rows = mandate_chain(store, args.source, args.target)
        elif args.kind == "centrality":
            rows = body_centrality(store, args.top)
        else:
            rows = unmandated_groups(store)
    sys.stdout.write(format_rows(rows, args.format, COLUMNS[args.kind]))
    return 0


def cmd_names(args) -> int:
    from extraction.extract import name_merges
    from extraction.names import format_merges
    sys.stdout.write(format_merges(name_merges(args.paths, args.aliases), args.format))
    return 0


def cmd_app(args) -> int:
    app = Path(__file__).resolve().parent / "app.py"
    env = dict(os.environ)
    if args.store:
        env["SAMKARTA_STORE"] = str(args.store.resolve())
    return subprocess.call([sys.executable, "-m", "streamlit", "run", str(app),
                            "--server.port", str(args.port), "--server.headless", "true",
                            "--browser.gatherUsageStats", "false"], env=env, cwd=app.parent)


COMMANDS = {"extract": cmd_extract, "build": cmd_build, "export": cmd_export, "query": cmd_query,
            "names": cmd_names, "analyse": cmd_analyse, "app": cmd_app}


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except SamkartaError as err:
        print(f"samkarta: {err.message}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 1
    except KeyboardInterrupt:
        print("samkarta: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
