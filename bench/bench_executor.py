"""Executor benchmark: spawn floor, cold start with/without zygote, warm invoke latency.

    .venv/bin/python bench/bench_executor.py [--json] [-n 200]
"""
from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from fcruntime.executor import FunctionSpec, InstancePool, isolation_level  # noqa: E402

CODE = "def handler(event, context):\n    return event\n"


def _zip(extra: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("index.py", CODE + f"# {extra}\n")
    return buf.getvalue()


def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def spawn_floor(n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-I", "-S", "-c", "pass"], check=True)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def cold_starts(pool: InstancePool, tmp: str, n: int) -> tuple[float, float]:
    """Median cold start (ms): new code each time, so unpack + instance start + first call."""
    pool.invoke(_spec(tmp, "warmup"), b"x", "w")  # start the zygote, import everything
    times = []
    for i in range(n):
        spec = _spec(tmp, f"cold{i}-{uuid.uuid4().hex}")
        t = time.perf_counter()
        r = pool.invoke(spec, b"x", f"c{i}")
        times.append((time.perf_counter() - t) * 1000)
        assert r.ok and r.cold_start, r.error
    return statistics.median(times), _pct(times, 0.9)


def _spec(tmp: str, tag: str) -> FunctionSpec:
    path = os.path.join(tmp, f"{tag}.zip")
    with open(path, "wb") as f:
        f.write(_zip(tag))
    return FunctionSpec(function_id=tag, runtime="python3.9", handler="index.handler",
                        code_zip=path, code_checksum=tag)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("-n", type=int, default=300, help="warm invocations")
    ap.add_argument("--cold", type=int, default=15, help="cold starts per mode")
    args = ap.parse_args()
    out: dict = {"isolation": isolation_level()}
    out["spawn_floor_ms"] = round(spawn_floor(15), 2)
    with tempfile.TemporaryDirectory() as tmp:
        for label, zyg in (("zygote", True), ("no_zygote", False)):
            pool = InstancePool(work_dir=os.path.join(tmp, f"w-{label}"), use_zygote=zyg)
            try:
                p50, p90 = cold_starts(pool, tmp, args.cold)
                out[f"cold_start_{label}_p50_ms"] = round(p50, 2)
                out[f"cold_start_{label}_p90_ms"] = round(p90, 2)
                if zyg:
                    spec = _spec(tmp, "warm")
                    pool.invoke(spec, b"x", "first")
                    lat = []
                    for i in range(args.n):
                        t = time.perf_counter()
                        pool.invoke(spec, b"payload", f"r{i}")
                        lat.append((time.perf_counter() - t) * 1000)
                    out["warm_p50_ms"] = round(_pct(lat, 0.5), 3)
                    out["warm_p99_ms"] = round(_pct(lat, 0.99), 3)
            finally:
                pool.shutdown()
    if args.json:
        print(json.dumps(out, indent=2))
        return
    rows = [("isolation level", out["isolation"]),
            ("bare `python3 -I -S -c pass` spawn (floor)", f"{out['spawn_floor_ms']:.1f} ms"),
            ("cold start, zygote (p50 / p90)",
             f"{out['cold_start_zygote_p50_ms']:.1f} / {out['cold_start_zygote_p90_ms']:.1f} ms"),
            ("cold start, no zygote (p50 / p90)",
             f"{out['cold_start_no_zygote_p50_ms']:.1f} / {out['cold_start_no_zygote_p90_ms']:.1f} ms"),
            ("warm invoke p50 / p99", f"{out['warm_p50_ms']:.2f} / {out['warm_p99_ms']:.2f} ms")]
    width = max(len(r[0]) for r in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")


if __name__ == "__main__":
    main()
