"""`make bench`: run every benchmark in bench/, print ONE table, write bench/results/latest.json.

Each benchmark runs as its own process (`python bench/bench_X.py --json ...`), so a crash or a hang in
one cannot take the others down; a benchmark that is missing, fails or times out is reported as such
in the table (never as a number). Every figure sits beside its reference from the same run
(a floor such as the bare interpreter spawn or the Celery echo round trip, or moto's CloudFormation).

    .venv/bin/python bench/run_all.py [--only template,executor,...] [--quick]

The machine is shared and has 2 cores: figures are noisy; run twice before drawing conclusions.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable

# name -> (script, args, quick args, timeout seconds)
BENCHES: dict[str, tuple[str, list[str], list[str], int]] = {
    "template": ("bench_template.py", ["--resources", "1000"], ["--resources", "1000"], 300),
    "executor": ("bench_executor.py", ["-n", "300"], ["-n", "100", "--cold", "5"], 300),
    "invoke": ("bench_invoke.py", ["-n", "200", "--seconds", "30", "--threads", "4"],
               ["-n", "50", "--seconds", "5", "--threads", "4"], 600),
    "orchestration": ("bench_orchestration.py", ["--concurrency", "2", "--lottery-runs", "10"],
                      ["--concurrency", "2", "--lottery-runs", "3"], 1500),
    "web": ("bench_web.py", ["-n", "300", "--seconds", "30", "--clients", "200"],
            ["-n", "100", "--seconds", "5", "--clients", "200"], 600),
    "events": ("bench_events.py", ["-n", "1000"], ["-n", "200"], 300),
    "console": ("bench_console.py", ["--stacks", "10000", "--events", "1000000"],
                ["--stacks", "10000", "--events", "100000"], 1200),
    "load": ("bench_load.py", ["--stacks", "100"], ["--stacks", "30"], 900),
}


def command_of(name: str, quick: bool) -> list[str]:
    script, full, short, _ = BENCHES[name]
    return [PY, f"bench/{script}", "--json", *(short if quick else full)]


def run_one(name: str, quick: bool) -> dict:
    script, _, _, timeout = BENCHES[name]
    cmd = command_of(name, quick)
    shown = " ".join([".venv/bin/python", *cmd[1:]])
    if not (HERE / script).exists():
        return {"status": "missing", "command": shown, "error": f"bench/{script} has not landed"}
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("ROSCONSOLE_DATA_DIR", None)  # each benchmark makes its own throwaway data dir
    t0 = time.monotonic()
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        return {"status": "timeout", "command": shown, "seconds": timeout,
                "error": f"no result within {timeout} s", "stderr_tail": (exc.stderr or b"")[-2000:].decode(
                    "utf-8", "replace") if isinstance(exc.stderr, bytes) else str(exc.stderr or "")[-2000:]}
    took = round(time.monotonic() - t0, 1)
    data = _last_json(proc.stdout)
    if data is None:
        return {"status": "error", "command": shown, "seconds": took, "returncode": proc.returncode,
                "error": "no JSON on stdout", "stderr_tail": proc.stderr[-2000:]}
    # a non-zero exit with JSON means "ran, but missed its own target": keep the figures
    return {"status": "ok" if proc.returncode == 0 else "below-target", "command": shown, "seconds": took,
            "returncode": proc.returncode, "result": data}


def _last_json(text: str):
    text = text.strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        pass
    for start in [i for i, ch in enumerate(text) if ch == "{" and (i == 0 or text[i - 1] == "\n")][::-1]:
        try:
            return json.loads(text[start:])
        except ValueError:
            continue
    return None


def get(d, path: str):
    """`a.b.c`; `results[scenario=chain-50].x` picks the list item whose field equals the value."""
    for part in path.split("."):
        if "[" in part and part.endswith("]"):
            name, sel = part[:-1].split("[", 1)
            field, _, want = sel.partition("=")
            items = d.get(name) if isinstance(d, dict) else None
            d = next((i for i in items or [] if isinstance(i, dict) and str(i.get(field)) == want), None)
            continue
        if not isinstance(d, dict) or part not in d:
            return None
        d = d[part]
    return d


def fmt(v, unit: str = "") -> str:
    if v is None:
        return "n/a"
    if isinstance(v, float):
        v = f"{v:,.1f}" if abs(v) >= 10 else f"{v:.2f}"
    return f"{v}{(' ' + unit) if unit else ''}"


# (bench, area, figure, value path(s), unit, reference label, reference path(s))
ROWS: list[tuple] = [
    ("orchestration", "Orchestration", "fan-out 100, ms/resource", "results[scenario=independent-100].rosconsole_ms_per_resource", "ms",
     "moto CloudFormation", "results[scenario=independent-100].moto_ms_per_resource"),
    ("orchestration", "Orchestration", "fan-out 500, ms/resource", "results[scenario=independent-500].rosconsole_ms_per_resource", "ms",
     "moto CloudFormation", "results[scenario=independent-500].moto_ms_per_resource"),
    ("orchestration", "Orchestration", "chain 50, ms/resource", "results[scenario=chain-50].rosconsole_ms_per_resource", "ms",
     "moto CloudFormation", "results[scenario=chain-50].moto_ms_per_resource"),
    ("orchestration", "Orchestration", "Celery no-op task, fan-out 500, ms/task (floor of one task per step)",
     "results[scenario=independent-500].celery_floor_ms_per_task", "ms",
     "moto CloudFormation", "results[scenario=independent-500].moto_ms_per_resource"),
    ("orchestration", "Orchestration", "lottery stack submit -> CREATE_COMPLETE, p50", "lottery.latency_ms", "ms",
     "min / max over runs", ("lottery.min_ms", "lottery.max_ms")),
    ("template", "Template", "load+validate+resolve 1,000 resources", "untraced_total_ms", "ms",
     "target", "=200 ms"),
    ("template", "Template", "peak memory (tracemalloc), 1,000 resources", "peak_mib", "MiB", "target", "=100 MiB"),
    ("executor", "Functions", "cold start p50 (zygote)", "cold_start_zygote_p50_ms", "ms",
     "bare interpreter spawn", "spawn_floor_ms"),
    ("executor", "Functions", "cold start p50 (no zygote)", "cold_start_no_zygote_p50_ms", "ms",
     "bare interpreter spawn", "spawn_floor_ms"),
    ("executor", "Functions", "warm invoke inside the worker (pool) p50 / p99",
     ("warm_p50_ms", "warm_p99_ms"), "ms", "", None),
    ("invoke", "Functions", "warm invoke through services.invoke p50 / p99",
     ("warm_e2e.p50_ms", "warm_e2e.p99_ms"), "ms", "Celery echo round trip p50 / p99",
     ("echo_round_trip.p50_ms", "echo_round_trip.p99_ms")),
    ("invoke", "Functions", "throughput, 2 worker processes", "throughput.per_second", "inv/s",
     "seconds / errors", ("throughput.seconds", "throughput.errors")),
    ("web", "Functions", "warm invoke through the FC API p50 / p99", ("fc_api.p50_ms", "fc_api.p99_ms"), "ms",
     "login page p50 / p99", ("login_page.p50_ms", "login_page.p99_ms")),
    ("web", "Functions", "GET /healthz p50 / p99 (pings workers: not a floor)", ("healthz.p50_ms", "healthz.p99_ms"),
     "ms", "", None),
    ("web", "Functions", "warm invoke through an HTTP trigger p50 / p99",
     ("http_trigger.p50_ms", "http_trigger.p99_ms"), "ms", "login page p50 / p99",
     ("login_page.p50_ms", "login_page.p99_ms")),
    ("events", "Live events", "publish -> SSE client p50 / p99", ("sse.p50_ms", "sse.p99_ms"), "ms",
     "Redis pub/sub alone p50 / p99", ("redis.p50_ms", "redis.p99_ms")),
    ("events", "Live events", "events lost / duplicated", ("sse.lost", "sse.duplicated"), "", "", None),
    ("console", "Console", "stack list: server time / queries", ("stack_list.ms", "stack_list.queries"), "ms / q",
     "login page", "login_page.ms"),
    ("console", "Console", "stack page (overview): server time / queries",
     ("stack_page.ms", "stack_page.queries"), "ms / q", "login page", "login_page.ms"),
    ("console", "Console", "stack events tab (100k events on the stack): time / queries",
     ("stack_events_tab.ms", "stack_events_tab.queries"), "ms / q", "login page", "login_page.ms"),
    ("console", "Console", "rows generated (stacks / events) in s",
     ("stacks", "events", "generate_s"), "", "", None),
    ("load", "Load", "100 stacks via ROS API, 2 workers: stacks/s", "throughput_stacks_per_s", "stacks/s",
     "complete / lost / dup events", ("complete", "events_lost", "events_duplicated")),
    ("load", "Load", "ROS API load: time to all CREATE_COMPLETE", "all_complete_s", "s",
     "all CreateStack answered", "all_submitted_s"),
    ("load", "Load", "ROS API load: CreateStack p50 / p99",
     ("create_stack_api.p50_ms", "create_stack_api.p99_ms"), "ms", "API errors", ("api_errors",)),
    ("web", "Load", "200 HTTP-trigger clients, 30 s: p99", "load.p99_ms", "ms",
     "requests / errors / req/s", ("load.requests", "load.errors", "load.per_second")),
]


def render(results: dict) -> str:
    lines = []
    header = ("Area", "Figure", "Value", "Reference (same run)", "Status")
    table = []
    for bench, area, figure, vpath, unit, rlabel, rpath in ROWS:
        r = results.get(bench, {})
        status = r.get("status", "not run")
        data = r.get("result") or {}
        if isinstance(vpath, tuple):
            value = " / ".join(fmt(get(data, p)) for p in vpath) + (f" {unit}" if unit else "")
        else:
            value = fmt(get(data, vpath), unit)
        if rpath is None:
            ref = rlabel
        elif isinstance(rpath, str) and rpath.startswith("="):
            ref = f"{rlabel} < {rpath[1:]}"
        elif isinstance(rpath, tuple):
            ref = f"{rlabel}: " + " / ".join(fmt(get(data, p)) for p in rpath)
        else:
            ref = f"{rlabel}: {fmt(get(data, rpath), unit if unit not in ('inv/s', 'stacks/s') else '')}"
        if status not in ("ok", "below-target"):
            value = f"({status})"
        elif value.replace("n/a", "").strip(" /") in ("", unit):
            value, status = "(not measured)", f"{bench} has no such figure"
        table.append((area, figure, value, ref, status))
    widths = [max(len(str(row[i])) for row in table + [header]) for i in range(len(header))]
    sep = "  "
    lines.append(sep.join(h.ljust(w) for h, w in zip(header, widths)))
    lines.append(sep.join("-" * w for w in widths))
    for row in table:
        lines.append(sep.join(str(c).ljust(w) for c, w in zip(row, widths)))
    notes = [f"  {name}: {r['status']} - {r.get('error', '')}".rstrip(" -")
             for name, r in results.items() if r.get("status") not in ("ok", "below-target")]
    if notes:
        lines += ["", "Not measured:"] + notes
    lines += ["", "Commands:"] + [f"  {name}: {r['command']}" for name, r in results.items()]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description="run every benchmark and print one table")
    ap.add_argument("--only", default="", help="comma-separated subset of: " + ",".join(BENCHES))
    ap.add_argument("--quick", action="store_true", help="smaller sizes (a smoke run, not the published figures)")
    ap.add_argument("--out", default=str(HERE / "results" / "latest.json"))
    ap.add_argument("--render", metavar="JSON", help="re-print the table of a saved results file and exit")
    args = ap.parse_args()
    if args.render:
        print(render(json.loads(Path(args.render).read_text())["results"]))
        return 0
    names = [n for n in (args.only.split(",") if args.only else BENCHES) if n]
    results: dict = {}
    for name in names:
        if name not in BENCHES:
            ap.error(f"unknown benchmark {name}")
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        results[name] = run_one(name, args.quick)
        r = results[name]
        print(f"[bench] {name}: {r['status']} ({r.get('seconds', '-')} s)", file=sys.stderr, flush=True)
    table = render(results)
    print(table)
    doc = {"generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "quick": args.quick,
           "host": {"python": platform.python_version(), "cpus": os.cpu_count(), "machine": platform.machine(),
                    "load_avg_1m_at_end": round(os.getloadavg()[0], 2)},
           "results": results, "table": table.splitlines()}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(doc, indent=2) + "\n")
    print(f"\nwritten {os.path.relpath(args.out, ROOT)}", file=sys.stderr)
    return 0 if all(r["status"] in ("ok", "below-target") for r in results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
