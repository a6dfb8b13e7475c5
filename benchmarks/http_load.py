"""Bounded load on the HTTP service over loopback: N concurrent clients for T seconds on the
bundled scenarios; prints throughput and p50/p99 latency per kind of request.

By default it starts its own server (``cluster-mcda serve`` on a free port with a fresh
SQLite folder) and makes a planner key; ``--url`` and ``--key`` point it at a running one.

Each client repeatedly picks one request at random, with these weights:

* 10 % evaluate: POST /v1/evaluate with a whole bundled scenario (weights, five rankings,
  the portfolio with its frontier: seconds of CPU in a worker process);
* 30 % rankings: POST /v1/rankings on a bundled scenario's decision matrix (a worker job of
  milliseconds);
* 40 % read: GET a stored run with its full result;
* 20 % write: PUT a new version of a stored scenario (a durable SQLite write).

Run as ``python benchmarks/http_load.py [--clients 50] [--seconds 30]``. Requests started
within the window are waited for; the elapsed time includes them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def bundled_scenarios() -> list[dict]:
    """Every scenario in scenarios/ as the JSON an API client sends (project files inlined)."""
    from api.scenario.load import load_scenario

    out = []
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        scenario = load_scenario(path).scenario
        data = scenario.model_dump(mode="json", exclude_unset=True)
        data.pop("projects_file", None)
        data["projects"] = [p.model_dump(mode="json", exclude_unset=True) for p in scenario.projects or []]
        out.append(data)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data: str, port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    cmd = [sys.executable, "-m", "api.cli", "serve", "--data", data, "--port", str(port), "--log-level", "warning", "--workers", str(workers)]
    process = subprocess.Popen(cmd, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start within 60 s")


def make_key(data: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "create-key", "--role", "planner", "--name", "load", "--data", data],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )
    return done.stdout.strip()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


MIX = (("evaluate", 0.10), ("rankings", 0.30), ("read", 0.40), ("write", 0.20))


def decision_matrix(scenario: dict, result: dict) -> dict:
    """The rankings request for a scenario's evaluated decision matrix."""
    m = result["decision_matrix"]
    weights = {c["id"]: c["global_weight"] for c in result["criteria"] if c["leaf"]}
    return {
        "projects": m["projects"],
        "criteria": [{"id": c, "type": t} for c, t in zip(m["criteria"], m["types"])],
        "values": m["values"],
        "weights": weights,
        "methods": ["topsis", "vikor", "promethee_ii", "wsm", "copras"],
    }


def parse_mix(text: str) -> tuple[tuple[str, float], ...]:
    """``evaluate=10,rankings=30,read=40,write=20`` -> weights by kind."""
    pairs = [part.split("=") for part in text.split(",") if part]
    mix = tuple((kind.strip(), float(weight)) for kind, weight in pairs)
    unknown = [k for k, _ in mix if k not in dict(MIX)]
    if unknown or not any(w > 0 for _, w in mix):
        raise SystemExit(f"--mix takes positive weights of {', '.join(dict(MIX))}; got {text!r}")
    return mix


async def load(url: str, key: str, scenarios: list[dict], clients: int, seconds: float, mix=MIX) -> dict[str, list[tuple[float, int]]]:
    results: dict[str, list[tuple[float, int]]] = {kind: [] for kind, _ in mix}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, headers={"X-API-Key": key}, timeout=600, limits=limits) as http:
        ids, runs, matrices = [], [], []
        for s in scenarios:
            r = await http.post("/v1/scenarios", json={"scenario": s})
            r.raise_for_status()
            ids.append(r.json()["id"])
            run_id = (await http.post("/v1/runs", json={"scenario_id": ids[-1]})).json()["id"]
            while (run := (await http.get(f"/v1/runs/{run_id}")).json())["status"] in ("queued", "running"):
                await asyncio.sleep(0.2)
            if run["status"] != "done":
                raise SystemExit(f"the run of {s['name']!r} ended {run['status']}: {run['error']}")
            runs.append(run_id)
            matrices.append(decision_matrix(s, run["result"]))
        end = time.monotonic() + seconds

        async def client(n: int) -> None:
            rng = random.Random(n)
            while time.monotonic() < end:
                kind = rng.choices([k for k, _ in mix], weights=[w for _, w in mix])[0]
                i = rng.randrange(len(scenarios))
                if kind == "evaluate":
                    request = http.post("/v1/evaluate", json={"scenario": scenarios[i]})
                elif kind == "rankings":
                    request = http.post("/v1/rankings", json=matrices[i])
                elif kind == "read":
                    request = http.get(f"/v1/runs/{runs[i]}")
                else:
                    request = http.put(f"/v1/scenarios/{ids[i]}", json={"scenario": scenarios[i]})
                t = time.perf_counter()
                try:
                    status = (await request).status_code
                except httpx.HTTPError:
                    status = 599
                results[kind].append((time.perf_counter() - t, status))

        await asyncio.gather(*(client(n) for n in range(clients)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="worker processes of the server it starts")
    parser.add_argument("--mix", type=parse_mix, default=MIX, help="weights of request kinds, e.g. rankings=1,read=1 (default evaluate=10,rankings=30,read=40,write=20)")
    parser.add_argument("--url", help="a running server, e.g. http://127.0.0.1:8000 (needs --key)")
    parser.add_argument("--key", help="a planner key for --url")
    args = parser.parse_args()
    scenarios = bundled_scenarios()
    server = None
    folder = tempfile.TemporaryDirectory(prefix="cluster-mcda-load-")
    try:
        if args.url:
            url, key = args.url, args.key
        else:
            port = free_port()
            key = make_key(folder.name)
            server = start_server(folder.name, port, args.workers)
            url = f"http://127.0.0.1:{port}"
        started = time.monotonic()
        results = asyncio.run(load(url, key, scenarios, args.clients, args.seconds, args.mix))
        elapsed = time.monotonic() - started
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
        folder.cleanup()

    total = sum(len(v) for v in results.values())
    print(f"{args.clients} clients, {elapsed:.1f} s on loopback, {len(scenarios)} bundled scenarios, {args.workers} worker processes, {os.cpu_count()} cores")
    print("mix: " + ", ".join(f"{k} {w:g}" for k, w in args.mix))
    print(f"{'request':<12} {'count':>7} {'req/s':>8} {'p50 ms':>9} {'p99 ms':>9} {'non-2xx':>8}")
    for kind, rows in results.items():
        if not rows:
            continue
        times = [t * 1000 for t, _ in rows]
        bad = sum(1 for _, s in rows if s >= 300)
        print(f"{kind:<12} {len(rows):>7} {len(rows) / elapsed:>8.1f} {statistics.median(times):>9.1f} {percentile(times, 99):>9.1f} {bad:>8}")
    every = [t * 1000 for rows in results.values() for t, _ in rows]
    print(f"{'all':<12} {total:>7} {total / elapsed:>8.1f} {statistics.median(every):>9.1f} {percentile(every, 99):>9.1f}")


if __name__ == "__main__":
    main()
