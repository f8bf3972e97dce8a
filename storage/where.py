"""A small builder for parameterised WHERE clauses shared by the filter queries."""

from __future__ import annotations

from collections.abc import Iterable


class Where:
    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: list[object] = []

    def add(self, clause: str, *params: object) -> None:
        self.clauses.append(clause)
        self.params += params

    def any_of(self, column: str, values: Iterable[object]) -> None:
        """`column IN (...)`; nothing when no values are given (no filter)."""
        items = list(values)
        if items:
            self.add(f"{column} IN ({', '.join('?' * len(items))})", *items)

    def sides(self, a: str, b: str, clubs: Iterable[int], opponents: Iterable[int]) -> None:
        """Either side is one of `clubs`; with `opponents`, the other side is one of them."""
        c, o = list(clubs), list(opponents)
        cm, om = ", ".join("?" * len(c)), ", ".join("?" * len(o))
        if c and o:
            self.add(f"(({a} IN ({cm}) AND {b} IN ({om})) OR ({b} IN ({cm}) AND {a} IN ({om})))",
                     *c, *o, *c, *o)
        elif c:
            self.add(f"({a} IN ({cm}) OR {b} IN ({cm}))", *c, *c)

    def scope(self, competitions: Iterable[str], stage_column: str, stages: Iterable[str],
              since_year: int | None, date_column: str, before: str | None) -> None:
        """The competition, stage, first-season and as-of filters every fact query takes."""
        self.any_of("c.code", competitions)
        self.any_of(stage_column, stages)
        if since_year is not None:
            self.add("s.start_year >= ?", since_year)
        if before is not None:
            self.add(f"{date_column} < ?", before)

    @property
    def sql(self) -> str:
        return " WHERE " + " AND ".join(self.clauses) if self.clauses else ""
