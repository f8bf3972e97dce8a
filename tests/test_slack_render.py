"""Block Kit rendering stays within Slack's limits, whatever the reply holds."""

from __future__ import annotations

from fake_slack import message_problems

from adapters.slack.render import MAX_SECTION, message, unescape
from bot.reply import Field, Reply, Section, Table


def test_long_table_is_split_into_code_sections_at_row_boundaries() -> None:
    rows = tuple((f"2024-01-{i % 28 + 1:02d}", f"Club {i} 1-0 Other {i}", "W" * 40)
                 for i in range(300))
    body = message(Reply("Big", table=Table(("Date", "Match", "Note"), rows)))
    assert message_problems(body) == []
    code = [b["text"]["text"] for b in body["blocks"] if b["type"] == "section"]
    assert len(code) > 1
    for piece in code:
        assert len(piece) <= MAX_SECTION
        assert piece.startswith("```\nDate") and piece.endswith("\n```")
    shown = [line for piece in code for line in piece.splitlines()[2:-1]]
    assert len(shown) == 300                       # every row once, none cut in half


def test_more_than_50_blocks_is_cut_keeping_the_footnote() -> None:
    sections = tuple(Section(f"Heading {i}", ("x" * 2000, "y" * 2000)) for i in range(40))
    body = message(Reply("Many", sections=sections, footnote="Scope · as of 2026-11-21"))
    assert message_problems(body) == []
    assert len(body["blocks"]) == 50
    assert body["blocks"][-1]["elements"][0]["text"] == "Scope · as of 2026-11-21"
    assert "cut to fit" in body["blocks"][-2]["elements"][0]["text"]


def test_fields_go_ten_to_a_section_and_long_titles_are_clipped() -> None:
    fields = tuple(Field(f"F{i}", "v" * 2500) for i in range(23))
    body = message(Reply("T" * 400, fields=fields))
    assert message_problems(body) == []
    assert [len(b.get("fields", [])) for b in body["blocks"][1:]] == [10, 10, 3]
    assert len(body["blocks"][0]["text"]["text"]) == 150
    assert len(body["text"]) < 4000 and body["text"].startswith("T" * 100)


def test_text_is_escaped_for_slack_and_errors_are_ephemeral() -> None:
    body = message(Reply("Brighton & Hove <Albion>", kind="user_error",
                         suggestions=("Brighton & Hove Albion",)))
    assert body["response_type"] == "ephemeral"
    assert body["blocks"][0]["text"]["text"] == ":warning: Brighton &amp; Hove &lt;Albion&gt;"
    assert "Did you mean: `Brighton &amp; Hove Albion`?" in body["blocks"][1]["text"]["text"]
    assert unescape(body["text"]).startswith("Brighton & Hove <Albion>")
