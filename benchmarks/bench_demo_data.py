"""How long demo data takes: organisations, the image pool, and streaming N candidates.

Run: ``python3 benchmarks/bench_demo_data.py [candidates] [seed]`` (default 100000, 1). Memory stays flat (peak RSS hardly grows):
candidates are generated one at a time and dropped.
"""

from __future__ import annotations

import resource
import sys
import time

from reviewdesk.server.demo.data import generate


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    started = time.perf_counter()
    data = generate(count, seed)
    orgs_done = time.perf_counter()
    pool = data.image_pool
    pool_done = time.perf_counter()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    materials = images = 0
    for candidate in data.candidates():
        materials += len(candidate.materials)
        images += sum(len(m.images) for m in candidate.materials)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    finished = time.perf_counter()
    print(f"orgs/users: {len(data.orgs)}/{len(data.users)} in {orgs_done - started:.2f} s")
    print(
        f"image pool: {len(pool)} images, {sum(p.size for p in pool) / 1e6:.1f} MB in {pool_done - orgs_done:.2f} s"
    )
    print(
        f"candidates: {count} ({materials} materials, {images} image references) in {finished - pool_done:.2f} s "
        f"({(finished - pool_done) / count * 1e6:.0f} µs each), peak RSS grew by {(rss_after - rss_before) / 1024:.1f} MB"
    )


if __name__ == "__main__":
    main()
