"""Hostile templates: each answered within 1 s with a TemplateError and bounded memory."""
from __future__ import annotations

import json
import time
import tracemalloc

import pytest

from stacks.template import StackContext, TemplateError, load, validate

LIMIT_S = 1.0
LIMIT_BYTES = 200 * 1024 * 1024


def _alias_bomb() -> str:
    lines = ["ROSTemplateFormatVersion: '2015-09-01'", "a: &a [x, x, x, x, x, x, x, x, x, x]"]
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
        prev = name
    return "\n".join(lines)


def _count_join() -> str:
    big = "x" * 5000
    return json.dumps({"ROSTemplateFormatVersion": "2015-09-01", "Resources": {
        "A": {"Type": "ALIYUN::ROS::WaitConditionHandle", "Count": 1000000}}, "Outputs": {
        "O": {"Value": {"Fn::Join": [big, {"Fn::Split": [",", "," * 200000]}]}}}})


def _nested_replace() -> str:
    value: object = "a" * 100
    for _ in range(10):
        value = {"Fn::Replace": [{"a": "a" * 100}, value]}
    return json.dumps({"ROSTemplateFormatVersion": "2015-09-01", "Outputs": {"O": {"Value": value}}})


def _nested_sub() -> str:
    value: object = "x" * 100
    for _ in range(30):
        value = {"Fn::Sub": ["${v}" * 50, {"v": value}]}
    return json.dumps({"ROSTemplateFormatVersion": "2015-09-01",
                       "Resources": {"A": {"Type": "ALIYUN::ROS::WaitConditionHandle"}},
                       "Outputs": {"O": {"Value": value}}})


def _join_million() -> str:
    items = {"Fn::Split": [",", "," * 400000]}
    value = {"Fn::Join": [",", {"Fn::ListMerge": [items, items, items]}]}
    return json.dumps({"ROSTemplateFormatVersion": "2015-09-01", "Outputs": {"O": {"Value": value}}})


def _cycle() -> str:
    resources = {f"R{i}": {"Type": "ALIYUN::ROS::WaitConditionHandle", "DependsOn": f"R{(i + 1) % 1000}"}
                 for i in range(1000)}
    return json.dumps({"ROSTemplateFormatVersion": "2015-09-01", "Resources": resources})


CASES = {
    "deep-json": "{\"a\":" * 10000 + "1" + "}" * 10000,
    "deep-yaml-flow": "a: " + "[" * 10000 + "]" * 10000,
    "deep-yaml-block": "\n".join(" " * i + f"k{i}:" for i in range(2000)),
    "deep-yaml-seq": "- " * 10000 + "x",
    "alias-bomb": _alias_bomb(),
    "too-big": "{\"a\": \"" + "x" * 600000 + "\"}",
    "count-million": _count_join(),
    "nested-replace": _nested_replace(),
    "nested-sub": _nested_sub(),
    "join-million": _join_million(),
    "cycle-1000": _cycle(),
    "calculate-power": json.dumps({"ROSTemplateFormatVersion": "2015-09-01",
                                   "Outputs": {"O": {"Value": {"Fn::Calculate": ["9**9**9**9", 0]}}}}),
}


def _run(text: str) -> None:
    resolved = validate(load(text), {}, StackContext(), mode="create")
    resolved.resolve_outputs(None)
    for output in resolved.resolve_outputs(None):
        if "Error" in output:
            raise TemplateError("Outputs", reason=output["Error"])


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_template(name):
    text = CASES[name]
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(TemplateError):
            _run(text)
    finally:
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < LIMIT_S * 3, f"{name} took {elapsed:.2f}s"   # tracemalloc slows Python ~2-3x
    assert peak < LIMIT_BYTES, f"{name} peaked at {peak / 2**20:.0f} MiB"


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_template_time_without_tracing(name):
    start = time.perf_counter()
    with pytest.raises(TemplateError):
        _run(CASES[name])
    assert time.perf_counter() - start < LIMIT_S


def test_hostile_jq_program_is_stopped_within_its_time_bound():
    """`jq` evaluates in C and cannot be interrupted in-process; the forked runner kills it."""
    from stacks.template.jq_runner import JQ_TIMEOUT_S

    text = json.dumps({
        "ROSTemplateFormatVersion": "2015-09-01",
        "Outputs": {"X": {"Value": {"Fn::Jq": ["All", "[range(1e12)] | length", {}]}}},
    })
    resolved = validate(load(text), {}, StackContext())
    started = time.monotonic()
    outputs = resolved.resolve_outputs(_NoState())
    assert time.monotonic() - started < JQ_TIMEOUT_S + 1.5
    assert outputs[0]["OutputValue"] is None
    assert "did not finish" in outputs[0]["Error"] or "memory" in outputs[0]["Error"]


class _NoState:
    def ref(self, logical_id):
        raise KeyError(logical_id)

    def get_att(self, logical_id, name):
        raise KeyError(logical_id)


def test_yaml_typed_scalar_without_a_value_is_invalid_template():
    with pytest.raises(TemplateError) as info:
        load("ROSTemplateFormatVersion: '2015-09-01'\nOutputs:\n  - !!int |")
    assert info.value.code == "InvalidTemplate" and "malformed YAML value" in info.value.message
