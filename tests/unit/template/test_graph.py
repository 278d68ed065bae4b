"""DependencyGraph: orders, readiness, cycles."""
from __future__ import annotations

import time

import pytest

from stacks.template.errors import CircularDependency
from stacks.template.graph import DependencyGraph


def graph() -> DependencyGraph:
    return DependencyGraph({"A": [], "B": ["A"], "C": ["A", "B"], "D": [], "E": ["D", "Unknown"]})


def test_orders():
    g = graph()
    assert g.create_order() == ["A", "B", "C", "D", "E"]
    assert g.delete_order() == ["E", "D", "C", "B", "A"]


def test_ready_after():
    g = graph()
    assert g.ready_after(set()) == ["A", "D"]
    assert g.ready_after({"A"}) == ["B", "D"]
    assert g.ready_after({"A", "B", "D"}) == ["C", "E"]
    assert g.ready_after(set(g.nodes)) == []


def test_delete_ready_after():
    g = graph()
    assert g.delete_ready_after(set()) == ["E", "C"]
    assert g.delete_ready_after({"E", "C"}) == ["D", "B"]
    assert g.delete_ready_after({"E", "C", "B", "D"}) == ["A"]


def test_requires_and_required_by():
    g = graph()
    assert g.requires("C") == {"A", "B"} and g.required_by("A") == {"B", "C"}
    assert g.requires("E") == {"D"}


def test_cycle_names_its_nodes():
    with pytest.raises(CircularDependency) as info:
        DependencyGraph({"Free": [], "A": ["B"], "B": ["C"], "C": ["A"], "Tail": ["A"]})
    assert set(info.value.nodes) == {"A", "B", "C"}
    assert info.value.code == "CircularDependency"
    assert "A -> B -> C -> A" in info.value.message


def test_self_dependency_is_ignored():
    assert DependencyGraph({"A": ["A"]}).create_order() == ["A"]


def test_thousand_node_cycle_is_fast():
    start = time.perf_counter()
    with pytest.raises(CircularDependency) as info:
        DependencyGraph({f"R{i}": [f"R{(i + 1) % 1000}"] for i in range(1000)})
    assert len(info.value.nodes) == 1000
    assert time.perf_counter() - start < 1.0


def test_long_chain_no_recursion_limit():
    g = DependencyGraph({f"R{i}": [f"R{i - 1}"] if i else [] for i in range(20000)})
    assert g.create_order()[0] == "R0" and g.create_order()[-1] == "R19999"
