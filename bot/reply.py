"""A reply is frozen data; each adapter renders it its own way, late."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

ReplyKind = Literal["answer", "user_error", "internal_error"]
ChartKind = Literal["h2h_timeline", "form_strip", "streak", "preview_card", "league_position",
                    "finishing_positions"]


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    value: str
    inline: bool = True


@dataclass(frozen=True, slots=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Section:
    """A heading with its own lines (used by previews: Head-to-head, one per club)."""

    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Mark:
    """One drawn item: a match (outcome, goal difference as height) or a run (its length)."""

    label: str            # under or beside the mark: a date, an opponent, "Current run"
    value: float          # the height: goal difference, run length
    outcome: str = ""     # W, D or L for a match
    text: str = ""        # the mark's own words: "1-0", "since 26 Apr 2016"
    flag: str = ""        # "final", "knockout", "record", "current"


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    marks: tuple[Mark, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    """A picture as data, built from the same rows as the answer; adapters render it late.

    `alt_text` carries the same facts as the picture, for screen readers and platforms that
    show no images; `labels` are a card's lines (the preview's top facts).
    """

    kind: ChartKind
    title: str
    series: tuple[Series, ...]
    caption: str
    alt_text: str
    subtitle: str = ""
    labels: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Same data, same question → same key: what a rendered PNG is cached under."""
        return hashlib.sha256(repr(self).encode()).hexdigest()[:16]

    @property
    def filename(self) -> str:
        return f"{self.kind.replace('_', '-')}-{self.key}.png"


@dataclass(frozen=True, slots=True)
class Reply:
    title: str
    lines: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    fields: tuple[Field, ...] = ()
    table: Table | None = None
    footnote: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    kind: ReplyKind = "answer"
    suggestions: tuple[str, ...] = ()
    chart: Chart | None = None   # attached where the platform shows images; text stays

    @property
    def is_error(self) -> bool:
        return self.kind != "answer"

    @property
    def public(self) -> bool:
        """Answers are for the channel; errors only for the person who asked."""
        return self.kind == "answer"

    def plain_text(self) -> str:
        """The fallback every platform can show: no markup at all."""
        out = [self.title]
        out += self.lines
        for section in self.sections:
            out += ["", section.heading, *(f"- {line}" for line in section.lines)]
        if self.fields:
            out.append("")
            out += [f"{f.name}: {f.value}" for f in self.fields]
        if self.table:
            out += ["", *_table_lines(self.table)]
        if self.suggestions:
            out.append("Did you mean: " + ", ".join(self.suggestions) + "?")
        if self.footnote:
            out += ["", self.footnote]
        return "\n".join(out)


def _table_lines(table: Table) -> list[str]:
    widths = [len(h) for h in table.headers]
    for row in table.rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [line(table.headers), *(line(r) for r in table.rows)]


def table_lines(table: Table) -> list[str]:
    """A table as aligned monospace lines (for code blocks)."""
    return _table_lines(table)
