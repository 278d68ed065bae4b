"""Dependency graph of resources: create order, delete order, what is ready next.

Edges point from a resource to the resources it requires (``DependsOn``, ``Ref``,
``Fn::GetAtt``, ``${X}`` in ``Fn::Sub``).  Everything is iterative, so large graphs and long
cycles cost no recursion.  Orders are stable: ties keep the insertion order.
"""
from __future__ import annotations

import heapq
from typing import Iterable, Mapping

from .errors import CircularDependency


class DependencyGraph:
    """``requires[n]`` = the nodes that must exist before ``n``; unknown names are ignored."""

    def __init__(self, requires: Mapping[str, Iterable[str]]) -> None:
        self._order = {node: i for i, node in enumerate(requires)}
        self._requires: dict[str, frozenset[str]] = {}
        self._required_by: dict[str, set[str]] = {node: set() for node in requires}
        for node, targets in requires.items():
            deps = frozenset(t for t in targets if t in self._order and t != node)
            self._requires[node] = deps
            for target in deps:
                self._required_by[target].add(node)
        self._create_order = self._topological()

    def __contains__(self, node: object) -> bool:
        return node in self._order

    def __len__(self) -> int:
        return len(self._order)

    @property
    def nodes(self) -> list[str]:
        return list(self._order)

    def requires(self, node: str) -> frozenset[str]:
        return self._requires[node]

    def required_by(self, node: str) -> frozenset[str]:
        return frozenset(self._required_by[node])

    def create_order(self) -> list[str]:
        return list(self._create_order)

    def delete_order(self) -> list[str]:
        return list(reversed(self._create_order))

    def ready_after(self, done: set[str] | frozenset[str]) -> list[str]:
        """Nodes not done whose requirements are all done, in creation order."""
        return [n for n in self._create_order if n not in done and self._requires[n] <= done]

    def delete_ready_after(self, deleted: set[str] | frozenset[str]) -> list[str]:
        """Nodes not deleted whose dependents are all deleted, in deletion order."""
        return [n for n in reversed(self._create_order)
                if n not in deleted and self._required_by[n] <= deleted]

    def _topological(self) -> list[str]:
        waiting = {node: len(deps) for node, deps in self._requires.items()}
        heap = [self._order[n] for n, count in waiting.items() if count == 0]
        heapq.heapify(heap)
        names = list(self._order)
        order: list[str] = []
        while heap:
            node = names[heapq.heappop(heap)]
            order.append(node)
            for dependent in self._required_by[node]:
                waiting[dependent] -= 1
                if waiting[dependent] == 0:
                    heapq.heappush(heap, self._order[dependent])
        if len(order) != len(names):
            raise CircularDependency(self._find_cycle({n for n, c in waiting.items() if c > 0}))
        return order

    def _find_cycle(self, stuck: set[str]) -> list[str]:
        """One cycle among nodes left over by the topological sort (each has a stuck requirement)."""
        start = min(stuck, key=self._order.__getitem__)
        seen: dict[str, int] = {}
        path: list[str] = []
        node = start
        while node not in seen:
            seen[node] = len(path)
            path.append(node)
            node = min((d for d in self._requires[node] if d in stuck), key=self._order.__getitem__)
        return path[seen[node]:]
