"""Queries turned into SQL once per process, then run again with new values.

Why: on the busiest pages Django spends longer turning a queryset into SQL than the database spends running
it (the visit editor's "recently used sections" query: about 3.5 ms of compiling for 1 ms of PostgreSQL).
A query whose shape never changes, only its values, is compiled once with marker values standing in for
those values; each run puts the real values where the markers were in the parameter list, converted for the
database as the ORM converts them (a date or time becomes a string on SQLite).

``rows()`` gives tuples of values (for a ``values_list`` queryset) and ``objects()`` model instances (with
their ``select_related`` objects and annotations), as iterating the queryset would: both read the rows
through the compiler kept from the first run, as Django's iterables do, so the ORM's conversions apply (a
date read back from SQLite is a date, a boolean a bool).
``execute()`` runs an UPDATE (an ``UpdateQuery``) and returns how many rows it changed.

``read_together()`` runs several such reads in one round trip to PostgreSQL (psycopg's pipeline mode): a
page whose queries do not depend on each other's answers waits for the database once instead of once per
query. A round trip on loopback costs about 0.4 ms here before PostgreSQL does any work, and the editing
screen's ten reads of a visit's parts were a quarter of its time. SQLite, in the process, runs them one by
one. Each query still goes through Django's cursor, so it is logged and counted like any other.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql import Query


def _for_database(connection, value):
    """``value`` as the ORM hands it to the driver (the adaptation of a date or time field's value)."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value


# The largest value of a big integer primary key. The ORM answers a lookup beyond a column's range with no
# rows; SQL compiled once would pass the value on and fail in the database, so callers check ids first.
LARGEST_ID = 2**63 - 1


class PreparedQuery:
    """``build(**markers)`` returns the queryset (or update query); ``rows(name=value, ...)`` or
    ``execute(...)`` runs it with those values.

    Each marker must be a value no other parameter of the query can take (a negative id, a date in 1900,
    a string starting with a NUL): every parameter equal to a marker is replaced. Compiling checks that each
    marker is found.
    """

    def __init__(self, build: Callable[..., QuerySet | Query], **markers):
        if len(set(markers.values())) != len(markers):
            raise ValueError("Each marker needs a value of its own")
        self.build = build
        self.markers = markers
        self._compiled: dict[str, tuple[str, tuple, dict[str, list[int]]]] = {}
        self._compilers: dict[str, object] = {}

    def rows(self, *, using: str = "default", **values) -> list[tuple]:
        return read_together(self.as_rows(**values), using=using)[0]

    def objects(self, *, using: str = "default", **values) -> list[Model]:
        return read_together(self.as_objects(**values), using=using)[0]

    def as_rows(self, **values) -> Read:
        """This query with these values, to be run by ``read_together``: its answer is ``rows()``'s."""
        return Read(self, values, objects=False)

    def as_objects(self, **values) -> Read:
        """As ``as_rows``, answered as ``objects()`` answers."""
        return Read(self, values, objects=True)

    def _tuples(self, using: str, rows: list) -> list[tuple]:
        return [tuple(row) for row in self._compilers[using].results_iter([rows])]

    def _instances(self, using: str, rows: list) -> list[Model]:
        compiler = self._compilers[using]
        # As django.db.models.query.ModelIterable builds instances from a compiler's rows.
        klass_info = compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        names = [column[0].target.attname for column in compiler.select[start:end]]
        populators = get_related_populators(klass_info, compiler.select, using)
        annotations = compiler.annotation_col_map.items()
        instances = []
        for row in compiler.results_iter([rows]):
            instance = klass_info["model"].from_db(using, names, row[start:end])
            for populator in populators:
                populator.populate(row, instance)
            for name, position in annotations:
                setattr(instance, name, row[position])
            instances.append(instance)
        return instances

    def execute(self, *, using: str = "default", **values) -> int:
        with connections[using].cursor() as cursor:
            cursor.execute(*self._sql_and_params(using, values))
            return cursor.rowcount

    def _sql_and_params(self, using: str, values: dict) -> tuple[str, list]:
        if values.keys() != self.markers.keys():
            raise TypeError(f"Expected values for {sorted(self.markers)}, got {sorted(values)}")
        sql, params, positions = self._compiled.get(using) or self._compile(using)
        params = list(params)
        connection = connections[using]
        for name, indexes in positions.items():
            value = _for_database(connection, values[name])
            for index in indexes:
                params[index] = value
        return sql, params

    def _compile(self, using: str):
        built = self.build(**self.markers)
        query = built.query if isinstance(built, QuerySet) else built
        compiler = query.get_compiler(using)
        sql, params = compiler.as_sql()
        connection = connections[using]
        positions = {}
        for name, marker in self.markers.items():
            converted = _for_database(connection, marker)
            positions[name] = [index for index, param in enumerate(params) if param == converted]
        missing = [name for name, indexes in positions.items() if not indexes]
        if missing:
            raise ValueError(f"Markers not found among the query's parameters: {missing}")
        self._compiled[using] = (sql, tuple(params), positions)
        self._compilers[using] = compiler
        return self._compiled[using]


@dataclass(frozen=True)
class Read:
    """A prepared query with its values, waiting to be run by ``read_together``."""

    query: PreparedQuery
    values: dict
    objects: bool


def read_together(*reads: Read, using: str = "default") -> list[list]:
    """Run ``reads`` and give each one's answer, in order: on PostgreSQL in one round trip (pipeline mode),
    elsewhere one after the other. Use it only for queries that need nothing from each other's answers."""
    connection = connections[using]
    statements = [read.query._sql_and_params(using, read.values) for read in reads]
    with ExitStack() as cursors_open:
        cursors = [cursors_open.enter_context(connection.cursor()) for _ in statements]
        together = len(statements) > 1 and connection.vendor == "postgresql"
        # Leaving the pipeline waits for every answer (an error in any surfaces there, as Django's error);
        # each cursor then holds its own query's rows.
        with connection.wrap_database_errors, connection.connection.pipeline() if together else nullcontext():
            for cursor, (sql, params) in zip(cursors, statements, strict=True):
                cursor.execute(sql, params)
        fetched = [cursor.fetchall() for cursor in cursors]
    return [
        read.query._instances(using, rows) if read.objects else read.query._tuples(using, rows)
        for read, rows in zip(reads, fetched, strict=True)
    ]


def keep_prefetched(instance, name: str, rows: list, *, back_reference: str) -> None:
    """Make ``instance.<name>.all()`` give ``rows`` without a query, as ``prefetch_related`` does,
    for rows read by ``PreparedQuery.objects()``; each row's ``back_reference`` points at ``instance``."""
    for row in rows:
        setattr(row, back_reference, instance)
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[instance._meta.get_field(name).cache_name] = queryset
