"""Locust users of the load benchmark (``benchmarks/load_bench.py``): reviewdesk workstations syncing.

Run by the driver, never by hand: it prepares ``REVIEWDESK_LOAD_ACCOUNTS`` (a JSON file: per unit
account its bearer token, its county/city's token, its feed cursor, its records still at the unit tier
with their bases, and the images of its scope) so that a virtual user starts working at once. Each
virtual user takes the next unit account (its own account and scope) and does one operation a second on
average (:func:`jittered_pacing`), chosen with the weights of the real mix (docs/PERFORMANCE.md, *Load*):

* 85 % ``sync``: the unit's sync with nothing new — ``GET /v1/sync/changes`` from its cursor;
* 8 % ``push``: 1–50 decisions (审核通过 / 暂不审核 in turn on records at the unit tier, each bound to the
  base the last answer gave), then the sync's feed pull;
* 4 % ``pull``: the unit's county (or city) pulls its feed from where it last was (the changes its units
  pushed meanwhile);
* 2 % ``scan``: an image of the scope revalidated with ``If-None-Match`` (304);
* 1 % ``download``: the unit's first download — catalogue and snapshot pages.

Each task carries its name as a Locust tag (``pull`` for the county's), so one kind can run alone
(``--tags sync``): the driver's cost run measures CPU per request kind that way.

Replies are read with orjson (the generator shares the server's cores: its CPU per request counts).
A reply is a success only with the status the client expects. Overload answers are failures named
``overload <status> retry-after=<yes|no>``, server errors ``server error <status>``, and a request that
got no answer in ``REVIEWDESK_LOAD_TIMEOUT`` seconds is a ``timeout`` — the driver counts them by name.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import uuid
from collections.abc import Callable
from pathlib import Path
from time import perf_counter
from typing import Any
from urllib.parse import urlencode

import orjson
from locust import FastHttpUser, tag, task
from locust.exception import StopUser

ACCOUNTS: list[dict[str, Any]] = json.loads(Path(os.environ["REVIEWDESK_LOAD_ACCOUNTS"]).read_bytes())
TIMEOUT = float(os.environ.get("REVIEWDESK_LOAD_TIMEOUT", "30"))
_next_account = itertools.count()
_OUTCOMES = ("passed", "on_hold")
REMARK = "负载测试：材料待补充"


_NEXT_AFTER_ID = re.compile(rb'"next_after_id":(null|[0-9]+)')


def next_after_id(body: bytes) -> int | None:
    """A snapshot page's ``next_after_id`` read from its tail: a page is ~4 MB of JSON, and parsing it
    whole cost the generator ~5 ms of CPU a page on a machine whose cores the server needs. (Escaped
    text in a snapshot cannot contain ``"next_after_id":`` — its quotes would be ``\\"``.)"""
    found = _NEXT_AFTER_ID.search(body, max(0, body.rfind(b'"next_after_id":')))
    if found is None:
        raise ValueError("a snapshot page without next_after_id")
    return None if found.group(1) == b"null" else int(found.group(1))


def jittered_pacing(mean_seconds: float, spread: float = 0.5) -> Callable[[Any], float]:
    """A wait time that starts a user's operations ``mean_seconds`` apart on average, each interval
    (start to start) drawn from ``mean × (1 ± spread)``; an operation that took longer than its interval
    is followed at once.

    Why not Locust's ``constant_throughput``: it keeps each user's start on a fixed phase of the
    second, and an operation that overran its second restarts at its end — after every stall of the
    server all the users it held restart together, and they stay together. Measured at 300 users,
    70 % of a second's requests came in its busiest 400 ms (the server saw bursts of 140 requests in
    10 ms), so a sync mostly measured the queue of its own burst. Real workstations sync on their own
    clocks; a jittered interval lets every phase drift, so a burst dissolves within seconds while each
    user still does one operation a second."""

    def wait_time(user: Any) -> float:
        now = perf_counter()
        started = getattr(user, "_paced_start", now)
        wait = max(0.0, random.uniform(1 - spread, 1 + spread) * mean_seconds - (now - started))
        user._paced_start = now + wait
        return wait

    return wait_time


def _judge(response: Any, expected: tuple[int, ...] = (200,)) -> bool:
    """Marks ``response`` (a catch_response context) and says whether its body may be used."""
    status = response.status_code
    if status in expected:
        response.success()
        return True
    if status in (429, 503):
        retry = "yes" if response.headers.get("Retry-After") else "no"
        response.failure(f"overload {status} retry-after={retry}")
    elif status == 0:
        response.failure(
            "timeout" if "timeout" in str(response.error).lower() else f"no answer: {response.error}"
        )
    elif status >= 500:
        response.failure(f"server error {status}")
    else:
        response.failure(f"unexpected {status}")
    return False


class Workstation(FastHttpUser):
    wait_time = jittered_pacing(1.0)
    network_timeout = TIMEOUT
    connection_timeout = TIMEOUT

    def on_start(self) -> None:
        self._paced_start = perf_counter()  # the first operation starts now (jittered_pacing)
        index = next(_next_account)
        if index >= len(ACCOUNTS):
            raise StopUser()
        account = ACCOUNTS[index]
        device = {"X-Device-Id": f"load-{index}", "Accept-Encoding": "gzip"}  # what requests sends
        self.auth = {"Authorization": f"Bearer {account['token']}", **device}
        self.county_auth = {"Authorization": f"Bearer {account['county_token']}", **device}
        self.cursor: str = account["cursor"]
        self.county_cursor: str = account["cursor"]
        self.records: list[dict[str, Any]] = account["records"]
        self.blobs: list[str] = account["blobs"]
        self.turn = 0

    def _pull(self, name: str, auth: dict[str, str], cursor: str) -> str:
        """The feed from ``cursor`` to its end; the new cursor (the old one when a page failed)."""
        for _ in range(20):
            with self.client.get(
                "/v1/sync/changes?" + urlencode({"since": cursor, "limit": 1000}),
                headers=auth,
                name=name,
                catch_response=True,
            ) as response:
                if not _judge(response):
                    return cursor
                page = orjson.loads(response.content)
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
        return cursor

    @tag("sync")
    @task(85)
    def sync(self) -> None:
        self.cursor = self._pull("sync (no change)", self.auth, self.cursor)

    @tag("push")
    @task(8)
    def push(self) -> None:
        if not self.records:
            self.sync()
            return
        count = min(len(self.records), random.randint(1, 50))
        chosen = random.sample(self.records, count)
        self.turn += 1
        items = [
            {
                "decision_id": str(uuid.uuid4()),
                "record_id": record["id"],
                "outcome": _OUTCOMES[(self.turn + record["id"]) % 2],
                "remark": REMARK,
                "base": record["base"],
            }
            for record in chosen
        ]
        with self.client.post(
            "/v1/decisions",
            json={"items": items},
            headers=self.auth,
            name="push (1-50 decisions)",
            catch_response=True,
        ) as response:
            if _judge(response):
                by_id = {record["id"]: record for record in chosen}
                for result in orjson.loads(response.content)["results"]:
                    snapshot = result.get("record")
                    if snapshot is not None and snapshot["id"] in by_id:
                        by_id[snapshot["id"]]["base"] = {
                            "version": snapshot["version"],
                            "submission_rev": snapshot["submission_rev"],
                            "materials_hash": snapshot["materials_hash"],
                        }
        self.cursor = self._pull("push: feed pull", self.auth, self.cursor)

    @tag("pull")
    @task(4)
    def county_pull(self) -> None:
        self.county_cursor = self._pull("county/city feed pull", self.county_auth, self.county_cursor)

    @tag("scan")
    @task(2)
    def scan(self) -> None:
        if not self.blobs:
            self.sync()
            return
        sha256 = random.choice(self.blobs)
        with self.client.get(
            f"/v1/blobs/{sha256}",
            headers={**self.auth, "If-None-Match": f'"{sha256}"'},
            name="scan revalidate (304)",
            catch_response=True,
        ) as response:
            _judge(response, (304,))

    @tag("download")
    @task(1)
    def download(self) -> None:
        with self.client.get(
            "/v1/catalogue", headers=self.auth, name="download: catalogue", catch_response=True
        ) as response:
            if not _judge(response):
                return
        after: int | None = None
        for _ in range(50):
            params: dict[str, Any] = {"limit": 1000}
            if after is not None:
                params["after_id"] = after
            with self.client.get(
                "/v1/sync/snapshot?" + urlencode(params),
                headers=self.auth,
                name="download: snapshot page",
                catch_response=True,
            ) as response:
                if not _judge(response):
                    return
                after = next_after_id(response.content)
            if after is None:
                return
