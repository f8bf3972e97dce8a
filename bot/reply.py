"""A reply is frozen data; each adapter renders it its own way, late."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ReplyKind = Literal["answer", "user_error", "internal_error"]


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
