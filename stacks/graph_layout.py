"""A small layered (Sugiyama-style) layout for the stack dependency graph; pure Python, no Django.

Columns run left to right in creation order: a resource sits one column right of the deepest
resource it requires. Within a column, nodes are ordered by the barycentre of their neighbours
(a few sweeps), which keeps most edges short and uncrossed for the graphs templates produce.
The page draws the result as SVG; positions are integers so the markup is stable between polls.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

NODE_W = 200
NODE_H = 46
GAP_X = 70
GAP_Y = 18
MARGIN = 16
SWEEPS = 4


@dataclass(frozen=True)
class PlacedNode:
    id: str
    x: int
    y: int
    w: int
    h: int
    column: int


@dataclass(frozen=True)
class PlacedEdge:
    source: str  # the required resource
    target: str  # the resource that requires it
    path: str  # SVG path data


@dataclass
class Layout:
    nodes: list[PlacedNode] = field(default_factory=list)
    edges: list[PlacedEdge] = field(default_factory=list)
    width: int = 0
    height: int = 0

    def node(self, node_id: str) -> PlacedNode:
        return next(n for n in self.nodes if n.id == node_id)


def layout(nodes: Iterable[str], requires: Mapping[str, Iterable[str]]) -> Layout:
    """Place `nodes`; `requires[n]` names the nodes n depends on (unknown names are ignored)."""
    order = list(dict.fromkeys(nodes))
    known = set(order)
    deps = {n: [r for r in dict.fromkeys(requires.get(n, ())) if r in known and r != n] for n in order}
    columns = _columns(order, deps)
    rows = _order_within_columns(order, deps, columns)
    return _place(rows, deps)


def _columns(order: list[str], deps: Mapping[str, list[str]]) -> dict[str, int]:
    """Longest-path layering; a cycle (which validation forbids) is cut where it is met."""
    column: dict[str, int] = {}
    visiting: set[str] = set()

    def depth(n: str) -> int:
        if n in column:
            return column[n]
        if n in visiting:
            return 0
        visiting.add(n)
        value = 1 + max((depth(r) for r in deps[n]), default=-1)
        visiting.discard(n)
        column[n] = value
        return value

    for n in order:
        depth(n)
    return column


def _order_within_columns(order: list[str], deps: Mapping[str, list[str]], column: Mapping[str, int]
                          ) -> list[list[str]]:
    count = max(column.values(), default=-1) + 1
    rows: list[list[str]] = [[] for _ in range(count)]
    for n in order:
        rows[column[n]].append(n)
    dependents: dict[str, list[str]] = {n: [] for n in order}
    for n, rs in deps.items():
        for r in rs:
            dependents[r].append(n)
    for sweep in range(SWEEPS):
        forward = sweep % 2 == 0
        span = range(1, count) if forward else range(count - 2, -1, -1)
        for c in span:
            position = {n: i for row in rows for i, n in enumerate(row)}
            neighbours = deps if forward else dependents
            rows[c] = sorted(rows[c], key=lambda n: _barycentre(neighbours[n], position, position[n]))
    return rows


def _barycentre(neighbours: list[str], position: Mapping[str, int], fallback: int) -> float:
    if not neighbours:
        return float(fallback)
    return sum(position[m] for m in neighbours) / len(neighbours)


def _place(rows: list[list[str]], deps: Mapping[str, list[str]]) -> Layout:
    tallest = max((len(r) for r in rows), default=0)
    height = MARGIN * 2 + tallest * NODE_H + max(tallest - 1, 0) * GAP_Y
    result = Layout()
    placed: dict[str, PlacedNode] = {}
    for c, row in enumerate(rows):
        column_h = len(row) * NODE_H + max(len(row) - 1, 0) * GAP_Y
        top = MARGIN + (height - 2 * MARGIN - column_h) // 2
        for i, n in enumerate(row):
            node = PlacedNode(n, MARGIN + c * (NODE_W + GAP_X), top + i * (NODE_H + GAP_Y), NODE_W, NODE_H, c)
            placed[n] = node
            result.nodes.append(node)
    for n, rs in deps.items():
        for r in rs:
            result.edges.append(PlacedEdge(r, n, _curve(placed[r], placed[n])))
    result.width = MARGIN * 2 + len(rows) * NODE_W + max(len(rows) - 1, 0) * GAP_X
    result.height = height if rows else 0
    return result


def _curve(a: PlacedNode, b: PlacedNode) -> str:
    x1, y1 = a.x + a.w, a.y + a.h // 2
    x2, y2 = b.x, b.y + b.h // 2
    if b.column <= a.column:  # only when a cycle was cut: loop around underneath
        return f"M{x1},{y1} C{x1 + 40},{y1 + 60} {x2 - 40},{y2 + 60} {x2},{y2}"
    bend = (x2 - x1) // 2
    return f"M{x1},{y1} C{x1 + bend},{y1} {x2 - bend},{y2} {x2},{y2}"
