"""Import speed (issue 3): the demo data at ``--scale`` into SQLite and PostgreSQL.

Generates the demo region (``demo.generate_demo``) as CSV files, then
imports companies, needs, job seekers, offers and outcomes, in that order, with the
real placement (the geography is built once, before timing), into a fresh SQLite file
and, when ``LKSMATCH_TEST_POSTGRES_URL`` (or ``--postgres URL``) is set, into a fresh
PostgreSQL schema. Each import is timed end to end (read, validate, place, upsert,
commit) and then repeated (the re-import that changes nothing). Peak memory is the
process's resident-set high-water mark after each step.

Usage::

    LKSMATCH_DATA_DIR=../shared/data .venv/bin/python benchmarks/import.py [--scale 10] [--postgres URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine, text  # noqa: E402

from demo import generate_demo  # noqa: E402
from lksmatch.config import load_settings  # noqa: E402
from lksmatch.imports import import_file  # noqa: E402
from lksmatch.service import build_service  # noqa: E402
from store import refdata  # noqa: E402
from store.db import make_engine, upgrade  # noqa: E402
from store.files import write_table  # noqa: E402

KINDS = ("companies", "needs", "jobseekers", "offers", "outcomes")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(label: str, engine: Engine, folder: Path, codes: frozenset[str], place) -> None:
    upgrade(engine)
    print(f"\n{label}")
    print(f"{'kind':<11} {'rows':>7} {'seconds':>8} {'rows/s':>9} {'again s':>8} {'peak MB':>8}")
    for kind in KINDS:
        path = folder / f"{kind}.csv"
        start = time.perf_counter()
        report = import_file(engine, kind, path, valid_municipality_codes=codes, place=place)
        seconds = time.perf_counter() - start
        start = time.perf_counter()
        again = import_file(engine, kind, path, valid_municipality_codes=codes, place=place)
        again_s = time.perf_counter() - start
        assert again.inserted == again.updated == 0, again
        print(
            f"{kind:<11} {report.rows:>7} {seconds:>8.2f} {report.rows / seconds:>9,.0f} {again_s:>8.2f} "
            f"{peak_mb():>8.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--postgres", default=os.environ.get("LKSMATCH_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    settings = load_settings()
    service = build_service(settings)
    assigner = service.geography.assigner
    codes = frozenset(service.geography.municipalities["municipality_code"])
    frames = generate_demo(
        municipalities=refdata.read_municipalities(settings),
        postal_areas=refdata.read_postal_codes(settings),
        occupations=refdata.read_esco_occupations(settings),
        labels_da=refdata.read_esco_labels_da(settings),
        scale=args.scale,
        seed=args.seed,
        today=dt.date(2026, 1, 15),
    )
    print(
        f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs; "
        f"scale {args.scale:g}; peak MB before importing: {peak_mb():.0f}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for kind, frame in frames.items():
            write_table(frame, folder / f"{kind}.csv")
        engine = make_engine(f"sqlite:///{folder / 'bench.db'}")
        run("SQLite (WAL, file on local disk)", engine, folder, codes, assigner.assign)
        engine.dispose()
        if args.postgres:
            schema = f"bench_{uuid.uuid4().hex[:12]}"
            admin = make_engine(args.postgres)
            with admin.begin() as connection:
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
            engine = make_engine(args.postgres, connect_args={"options": f"-csearch_path={schema}"})
            try:
                run("PostgreSQL (local server)", engine, folder, codes, assigner.assign)
            finally:
                engine.dispose()
                with admin.begin() as connection:
                    connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                admin.dispose()
        else:
            print("\nPostgreSQL skipped: pass --postgres URL or set LKSMATCH_TEST_POSTGRES_URL")


if __name__ == "__main__":
    main()
