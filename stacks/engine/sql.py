"""Hand-written statements for the step hot path (claim, mark, record, events), on SQLite and PostgreSQL.

A resource step used to cost ~17 ORM queries, and the ORM's query building was most of the ~9 ms a
step took in process (bench/bench_orchestration.py). These helpers keep the same semantics -- every
transition is still one conditional UPDATE -- but build each statement once per process and pass
values through the fields' own `get_db_prep_save`, and read rows back with the fields' own
converters, so model instances come out exactly as the ORM would build them.

UPDATE ... RETURNING needs PostgreSQL or SQLite >= 3.35 (the only databases rosconsole supports).
"""
from __future__ import annotations

import functools
from typing import Any, Iterable, Mapping, Sequence

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models


def _check_returning() -> None:
    if connection.vendor == "sqlite":
        import sqlite3

        if sqlite3.sqlite_version_info < (3, 35):
            raise ImproperlyConfigured(f"rosconsole needs SQLite >= 3.35 (UPDATE ... RETURNING); this Python "
                                       f"links SQLite {sqlite3.sqlite_version}")
    elif connection.vendor != "postgresql":
        raise ImproperlyConfigured(f"the {connection.vendor} database is not supported (SQLite or PostgreSQL)")


def qn(name: str) -> str:
    return connection.ops.quote_name(name)


@functools.lru_cache(maxsize=None)
def _field(model: type[models.Model], name: str) -> models.Field:
    return model._meta.get_field(name)


def value(model: type[models.Model], name: str, raw: Any) -> Any:
    """A Python value as the database takes it for `model.name` (the ORM's own adaptation)."""
    return _field(model, name).get_db_prep_save(raw, connection)


class Table:
    """One model's table: column lists and row converters, computed once per process and vendor."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.name = qn(model._meta.db_table)
        self.fields = list(model._meta.concrete_fields)
        self.columns = ", ".join(qn(f.column) for f in self.fields)
        self._selections: dict[tuple, Selection] = {}
        self._columns: dict[str, str] = {}

    def column(self, name: str) -> str:
        found = self._columns.get(name)
        if found is None:
            found = self._columns[name] = qn(_field(self.model, name).column)
        return found

    def selection(self, names: tuple[str, ...] | None = None) -> "Selection":
        """The columns `names` (None: every column) with their converters, built once per vendor."""
        key = (connection.vendor, names)
        found = self._selections.get(key)
        if found is None:
            fields = self.fields if names is None else [_field(self.model, n) for n in names]
            found = self._selections[key] = Selection(
                fields, ", ".join(qn(f.column) for f in fields), converters_of(self.model, fields))
        return found

    def instances(self, rows: Iterable[Sequence[Any]]) -> list[models.Model]:
        attnames = [f.attname for f in self.fields]
        return [self.model.from_db(connection.alias, attnames, values) for values in self.selection().convert(rows)]

    def assignments(self, changes: Mapping[str, Any]) -> tuple[str, list]:
        parts, params = [], []
        for name, raw in changes.items():
            if isinstance(raw, Raw):
                parts.append(f"{self.column(name)} = {raw.sql}")
                params.extend(raw.params)
            else:
                parts.append(f"{self.column(name)} = %s")
                params.append(value(self.model, name, raw))
        return ", ".join(parts), params

    def conditions(self, where: Mapping[str, Any]) -> tuple[str, list]:
        parts, params = [], []
        for name, raw in where.items():
            if isinstance(raw, (tuple, list, frozenset, set)):
                raw = list(raw)
                parts.append(f"{self.column(name)} IN ({', '.join(['%s'] * len(raw))})")
                params.extend(value(self.model, name, v) for v in raw)
            elif raw is None:
                parts.append(f"{self.column(name)} IS NULL")
            else:
                parts.append(f"{self.column(name)} = %s")
                params.append(value(self.model, name, raw))
        return " AND ".join(parts) or "1 = 1", params


class Selection:
    """Some columns of a table, as a SELECT / RETURNING list, and how to convert what comes back."""

    def __init__(self, fields: list[models.Field], columns: str, converters: list[list]) -> None:
        self.fields, self.columns, self.converters = fields, columns, converters

    def convert(self, rows: Iterable[Sequence[Any]]) -> list[list]:
        out = []
        for row in rows:
            items = list(row)
            for i, convs in enumerate(self.converters):
                for convert in convs:
                    items[i] = convert(items[i], self.fields[i], connection)
            out.append(items)
        return out


def converters_of(model: type[models.Model], fields: Sequence[models.Field]) -> list[list]:
    """Per field, the backend's and the field's from-database converters (what the ORM applies)."""
    out = []
    for f in fields:
        col = f.get_col(model._meta.db_table)
        out.append(connection.ops.get_db_converters(col) + col.get_db_converters(connection))
    return out


class Raw:
    """A SET expression written in SQL, e.g. Raw("step_attempts + 1") -- column names are quoted by the caller."""

    def __init__(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.sql, self.params = sql, list(params)


@functools.lru_cache(maxsize=None)
def table(model: type[models.Model]) -> Table:
    _check_returning()
    return Table(model)


def update(model: type[models.Model], changes: Mapping[str, Any], where: Mapping[str, Any]) -> int:
    """UPDATE ... SET changes WHERE where (all equalities); the number of rows changed."""
    return _update(model, changes, where, None)


def update_returning(model: type[models.Model], changes: Mapping[str, Any], where: Mapping[str, Any]) -> list:
    """UPDATE ... RETURNING every column: the changed rows as model instances (as they are now)."""
    return table(model).instances(_update(model, changes, where, table(model).selection()))


def update_values(model: type[models.Model], changes: Mapping[str, Any], where: Mapping[str, Any],
                  names: Sequence[str]) -> list[tuple]:
    """UPDATE ... RETURNING the columns `names` of the changed rows (as they are now)."""
    chosen = table(model).selection(tuple(names))
    return [tuple(items) for items in chosen.convert(_update(model, changes, where, chosen))]


def _update(model: type[models.Model], changes: Mapping[str, Any], where: Mapping[str, Any],
            returning: Selection | None):
    t = table(model)
    sets, set_params = t.assignments(changes)
    cond, cond_params = t.conditions(where)
    tail = f" RETURNING {returning.columns}" if returning is not None else ""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {t.name} SET {sets} WHERE {cond}{tail}", set_params + cond_params)
        return cursor.rowcount if returning is None else cursor.fetchall()


def exists(model: type[models.Model], where: Mapping[str, Any]) -> bool:
    t = table(model)
    cond, params = t.conditions(where)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {t.name} WHERE {cond} LIMIT 1", params)
        return cursor.fetchone() is not None


def select(model: type[models.Model], where: Mapping[str, Any]) -> list:
    t = table(model)
    cond, params = t.conditions(where)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {t.columns} FROM {t.name} WHERE {cond}", params)
        rows = cursor.fetchall()
    return t.instances(rows)


def values(model: type[models.Model], names: Sequence[str], where: Mapping[str, Any], lock: bool = False
           ) -> list[tuple]:
    """Selected columns of the matching rows, converted like the ORM's values_list(); `lock` takes the
    rows' lock as select_for_update(no_key=True) would (SQLite's IMMEDIATE transaction already holds it)."""
    t = table(model)
    cond, params = t.conditions(where)
    chosen = t.selection(tuple(names))
    with connection.cursor() as cursor:
        suffix = " FOR NO KEY UPDATE" if lock and connection.vendor == "postgresql" else ""
        cursor.execute(f"SELECT {chosen.columns} FROM {t.name} WHERE {cond}{suffix}", params)
        rows = cursor.fetchall()
    return [tuple(items) for items in chosen.convert(rows)]


def insert(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERT several rows with the same columns in one statement."""
    if not rows:
        return
    t = table(model)
    names = list(rows[0])
    cols = ", ".join(t.column(n) for n in names)
    one = "(" + ", ".join(["%s"] * len(names)) + ")"
    params = [value(model, n, r[n]) for r in rows for n in names]
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {t.name} ({cols}) VALUES {', '.join([one] * len(rows))}", params)
