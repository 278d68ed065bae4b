"""stacks.graph_layout: layered columns in dependency order, no overlaps, edges between the right nodes."""
from __future__ import annotations

from stacks.graph_layout import NODE_W, layout


def test_columns_follow_dependencies():
    placed = layout(["A", "B", "C", "D"], {"B": ["A"], "C": ["A"], "D": ["B", "C"]})
    column = {n.id: n.column for n in placed.nodes}
    assert column == {"A": 0, "B": 1, "C": 1, "D": 2}
    assert {(e.source, e.target) for e in placed.edges} == {("A", "B"), ("A", "C"), ("B", "D"), ("C", "D")}
    assert placed.width == 16 * 2 + 3 * NODE_W + 2 * 70


def test_nodes_in_a_column_do_not_overlap():
    placed = layout([f"N{i}" for i in range(6)], {})
    ys = sorted(n.y for n in placed.nodes)
    assert all(b - a >= placed.nodes[0].h for a, b in zip(ys, ys[1:]))


def test_unknown_requirements_and_cycles_do_not_break_it():
    placed = layout(["A", "B"], {"A": ["B", "Ghost"], "B": ["A"]})
    assert len(placed.nodes) == 2 and len(placed.edges) == 2


def test_empty_graph():
    placed = layout([], {})
    assert placed.nodes == [] and placed.width == 32 and placed.height == 0
