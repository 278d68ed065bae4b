"""Benchmark of the template layer: a 1,000-resource template full of Sub, GetAtt, Join and If chains
is loaded, validated and every property and output resolved against a fake ResourceState.

    python bench/bench_template.py [--resources 1000] [--json]

Targets: < 200 ms and < 100 MiB peak (tracemalloc) for the whole run.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from stacks.template import StackContext, load, validate  # noqa: E402
from stacks.template.catalogue import PropSpec, TypeSpec  # noqa: E402

TEST_TYPE = TypeSpec("ROSCONSOLE::Test::Resource",
                     {"Value": PropSpec("Any"), "Name": PropSpec("String"), "Tags": PropSpec("List"),
                      "Config": PropSpec("Map")},
                     frozenset({"Value", "Output", "Arn"}), emulated=True)


def make_template(n: int) -> str:
    resources = {}
    for i in range(n):
        prev = f"R{i - 1}" if i else None
        props: dict = {
            "Name": {"Fn::Sub": "${ALIYUN::StackName}-r%d-${Env}" % i},
            "Tags": [{"Fn::Join": ["-", ["t", {"Ref": "Env"}, str(i)]]}],
            "Config": {"Size": {"Fn::If": ["IsProd", 10, {"Ref": "ALIYUN::NoValue"}]}, "Index": i},
        }
        if prev:
            props["Value"] = {"Fn::Sub": ["${%s.Arn}/${Prefix}" % prev, {"Prefix": {"Fn::Select": [0, {
                "Fn::Split": [",", {"Fn::Join": [",", ["a", {"Fn::GetAtt": [prev, "Output"]}]]}]}]}}]}
        resources[f"R{i}"] = {"Type": TEST_TYPE.name, "Properties": props}
    body = {
        "ROSTemplateFormatVersion": "2015-09-01",
        "Parameters": {"Env": {"Type": "String", "Default": "dev", "AllowedValues": ["dev", "prod"]}},
        "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
        "Resources": resources,
        "Outputs": {f"O{i}": {"Value": {"Fn::GetAtt": [f"R{i}", "Arn"]}} for i in range(0, n, 10)},
    }
    return json.dumps(body)


class FakeState:
    def ref(self, logical_id: str) -> str:
        return f"id-{logical_id}"

    def get_att(self, logical_id: str, name: str) -> str:
        return f"{logical_id}:{name}"


def run(n: int) -> dict:
    text = make_template(n)
    timings = {}
    tracemalloc.start()
    t0 = time.perf_counter()
    template = load(text)
    t1 = time.perf_counter()
    resolved = validate(template, {"Env": "dev"}, StackContext(stack_name="bench"), {TEST_TYPE.name: TEST_TYPE})
    t2 = time.perf_counter()
    state = FakeState()
    for logical_id in resolved.graph.create_order():
        resolved.resolve_properties(logical_id, state)
    resolved.resolve_outputs(state)
    t3 = time.perf_counter()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    timings = {"load_ms": (t1 - t0) * 1000, "validate_ms": (t2 - t1) * 1000, "resolve_ms": (t3 - t2) * 1000}
    return {"resources": n, "template_bytes": len(text), **{k: round(v, 1) for k, v in timings.items()},
            "total_ms": round(sum(timings.values()), 1), "peak_mib": round(peak / 2**20, 1)}


def untraced_total(n: int, repeat: int = 3) -> float:
    """Best wall time without tracemalloc (which slows Python down)."""
    text = make_template(n)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        resolved = validate(load(text), {"Env": "dev"}, StackContext(stack_name="bench"), {TEST_TYPE.name: TEST_TYPE})
        for logical_id in resolved.graph.create_order():
            resolved.resolve_properties(logical_id, FakeState())
        resolved.resolve_outputs(FakeState())
        best = min(best, time.perf_counter() - start)
    return round(best * 1000, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description="template-layer benchmark")
    parser.add_argument("--resources", type=int, default=1000)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    result = run(args.resources)
    result["untraced_total_ms"] = untraced_total(args.resources)
    result["ok"] = result["untraced_total_ms"] < 200 and result["peak_mib"] < 100
    if args.json:
        print(json.dumps(result))
    else:
        width = max(map(len, result))
        print("template benchmark (target: < 200 ms, < 100 MiB)")
        for key, value in result.items():
            print(f"  {key:<{width}}  {value}")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
