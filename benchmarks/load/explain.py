"""``EXPLAIN (ANALYZE, BUFFERS)`` of the queries the load benchmark's mix leans on, built by the server's
own query code (``scope_clause``, ``feed_clause``, ``snapshot_cache.page_query``) on a seeded PostgreSQL
database — the plans docs/PERFORMANCE.md (*Load*) shows:

    python3 benchmarks/load/explain.py postgresql+psycopg://postgres@127.0.0.1:PORT/load_100000_s1_run

The largest unit and the county (or city) with the most records stand for the worst first downloads;
the largest city's records are a third of the province (its first page rightly walks the primary
key); the feed pulls read the last 5,000 changes of the whole province.
"""

from __future__ import annotations

import sys

from sqlalchemy import create_engine, func, select

from reviewdesk.domain.enums import DataScope, Tier
from reviewdesk.server import snapshot_cache
from reviewdesk.server.models import ChangeLog, FeedHead, Organisation, Record
from reviewdesk.server.scope import Caller, feed_clause, scope_clause

WINDOW = 5000
PAGE = 1000


def caller_of(org: Organisation) -> Caller:
    return Caller(0, "explain", "explain", "reviewer", org.id, org.name, org.path, Tier(org.tier), 0)


def main(db_url: str) -> int:
    engine = create_engine(db_url)
    with engine.connect() as connection:
        unit_id = connection.scalar(
            select(Record.unit_id).group_by(Record.unit_id).order_by(func.count().desc()).limit(1)
        )
        unit = connection.execute(select(Organisation).where(Organisation.id == unit_id)).one()
        largest = {}
        for tier in ("county", "city"):
            largest[tier] = max(
                connection.execute(select(Organisation).where(Organisation.tier == tier)).all(),
                key=lambda org: connection.scalar(
                    select(func.count()).select_from(Record).where(Record.org_path.startswith(org.path))
                ),
            )
        head = int(connection.scalar(select(FeedHead.seq)) or 0)
        queries = {}
        for label, org in (("county", largest["county"]), ("city", largest["city"]), ("unit", unit)):
            if label == "city":
                queries[f"{label} first download, first page"] = (
                    snapshot_cache.page_query(scope_clause(caller_of(org)))
                    .order_by(Record.id)
                    .limit(PAGE + 1)
                )
                continue
            caller = caller_of(org)
            queries[f"{label} feed pull, the last {WINDOW:,} changes of the whole province"] = (
                select(ChangeLog.seq, ChangeLog.record_id)
                .where(ChangeLog.seq > head - WINDOW, ChangeLog.seq <= head, feed_clause(caller))
                .order_by(ChangeLog.seq)
                .limit(PAGE + 1)
            )
            queries[f"{label} first download, first page"] = (
                snapshot_cache.page_query(scope_clause(caller, DataScope.ALL))
                .order_by(Record.id)
                .limit(PAGE + 1)
            )
        for title, query in queries.items():
            # planned with its parameters as the server sends them (bound, not inlined)
            compiled = query.compile(engine)
            plan = connection.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + str(compiled), compiled.params)
            print(f"### {title}\n```\n{compiled}\n{compiled.params}\n```\n```\n")
            print("\n".join(plan.scalars().all()) + "\n```\n")
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
