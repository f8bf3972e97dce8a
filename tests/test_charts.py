"""Charts on the full history: PNGs that decode, alt text with the answer's numbers."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from matplotlib import image

from adapters import charts
from bot.core import Core
from bot.reply import Chart, Reply

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def decoded(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG that matplotlib's reader (Pillow) fully decodes."""
    assert data.startswith(PNG_MAGIC)
    pixels = image.imread(io.BytesIO(data), format="png")
    assert pixels.ndim == 3 and pixels.shape[2] in (3, 4)
    assert pixels.std() > 0.01          # not a blank canvas
    return pixels.shape[1], pixels.shape[0]


def chart_of(reply: Reply, kind: str) -> Chart:
    assert not reply.is_error, reply.title
    assert reply.chart is not None and reply.chart.kind == kind
    return reply.chart


async def test_h2h_timeline_draws_every_meeting(history: Core) -> None:
    reply = await history.ask("h2h Liverpool v Real Madrid")
    chart = chart_of(reply, "h2h_timeline")
    rec = reply.data["record"]
    marks = chart.series[0].marks
    assert [m.label for m in marks] == [m["date"] for m in reply.data["matches"]]
    assert [m.outcome for m in marks] == [r[3] for r in reply.table.rows]  # type: ignore[union-attr]
    assert sum(m.value for m in marks) == rec["goals_for"] - rec["goals_against"]
    assert {m.flag for m in marks if m.label in ("1981-05-27", "2018-05-26")} == {"final"}
    sentence = (f"Liverpool won {rec['won']}, drew {rec['drawn']}, lost {rec['lost']}; "
                f"goals {rec['goals_for']}-{rec['goals_against']}")
    assert sentence in reply.lines[0] and sentence in chart.alt_text
    assert "as of 21 Nov 2026" in chart.caption
    width, height = decoded(await charts.png(chart))
    assert width >= 800 and height >= 400


async def test_a_long_head_to_head_still_draws(history: Core) -> None:
    reply = await history.ask("h2h Real Madrid v Bayern München")
    chart = chart_of(reply, "h2h_timeline")
    assert len(chart.series[0].marks) == reply.data["record"]["played"] > 24
    assert f"won {reply.data['record']['won']}," in chart.alt_text
    decoded(charts.render(chart))


async def test_form_strip_has_the_answers_results(history: Core) -> None:
    reply = await history.ask("form Real Madrid n:10 competition:cl")
    chart = chart_of(reply, "form_strip")
    assert "".join(m.outcome for m in chart.series[0].marks) == reply.data["form"]
    counts = reply.lines[0].split(" of their")[0]          # "Won 6, drew 2, lost 2"
    assert counts.lower() in chart.alt_text.lower()
    for m in reply.data["matches"]:
        assert m["date"] in {mk.text.split("|")[1] for mk in chart.series[0].marks}
    width, _ = decoded(await charts.png(chart))
    assert width >= 700


async def test_streak_chart_is_the_run_against_the_record(history: Core) -> None:
    reply = await history.ask("streak Real Madrid kind:unbeaten competition:ec stage:main")
    chart = chart_of(reply, "streak")
    got = reply.data["streaks"]["unbeaten"]
    [row] = chart.series
    current, record = row.marks
    assert (current.value, record.value) == (got["current"], got["longest"])
    assert f"current {got['current']}" in chart.alt_text
    assert f"record {got['longest']}" in chart.alt_text
    decoded(await charts.png(chart))


async def test_player_streak_chart(history: Core) -> None:
    reply = await history.ask("streak Ronaldo competition:cl")
    chart = chart_of(reply, "streak")
    assert chart.series[0].marks[0].value == reply.data["current"]
    assert chart.series[0].marks[1].value == reply.data["longest"]
    assert f"record {reply.data['longest']}" in chart.alt_text
    decoded(charts.render(chart))


async def test_preview_card_carries_the_top_facts(history: Core) -> None:
    reply = await history.ask("facts Liverpool v Real Madrid")
    chart = chart_of(reply, "preview_card")
    answer = [line for s in reply.sections for line in s.lines]
    assert chart.labels and set(chart.labels) <= set(answer)
    h2h = await history.ask("h2h Liverpool v Real Madrid competition:europe")
    rec = h2h.data["record"]
    assert [m.value for m in chart.series[0].marks] == [rec["won"], rec["drawn"], rec["lost"]]
    assert f"Liverpool won {rec['won']}, drew {rec['drawn']}, lost {rec['lost']}" in \
        chart.alt_text
    for fact in chart.labels:
        assert fact in chart.alt_text
    width, height = decoded(await charts.png(chart))
    assert (width, height) == (1200, 675)


async def test_chart_no_leaves_the_text_and_drops_the_picture(history: Core) -> None:
    with_chart = await history.ask("h2h Liverpool v Real Madrid chart:yes")
    without = await history.ask("h2h Liverpool v Real Madrid chart:no")
    assert with_chart.chart is not None and without.chart is None
    assert without.plain_text() == with_chart.plain_text()


async def test_a_bad_chart_value_is_refused(history: Core) -> None:
    reply = await history.ask("form Liverpool chart:maybe")
    assert reply.kind == "user_error" and "chart must be yes or no" in reply.title


async def test_png_renders_off_the_loop_once_per_chart(history: Core,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    chart = chart_of(await history.ask("form Liverpool n:4 as_of:2010-01-01"), "form_strip")
    threads: list[int] = []
    real = charts.render

    def spy(c: Chart) -> bytes:
        threads.append(threading.get_ident())
        return real(c)

    monkeypatch.setattr(charts, "render", spy)
    first, second = await asyncio.gather(charts.png(chart), charts.png(chart))
    again = await charts.png(chart)
    assert first == second == again
    assert threading.get_ident() not in threads
    assert len(threads) <= 2     # the two concurrent asks may both draw; later ones hit cache
    assert again is charts._cache[chart.key]


def test_the_core_never_draws(tmp_path: Path) -> None:
    """Answers carry chart data only: answering imports no plotting library."""
    script = (
        "import asyncio, sys\n"
        "from bot.core import Core\nfrom bot.demo_data import load_demo\n"
        "from storage import Store\n"
        "async def main():\n"
        f"    store = await Store.open({str(tmp_path / 'demo.db')!r})\n"
        "    await load_demo(store)\n"
        "    reply = await Core(store).ask('h2h Liverpool v Real Madrid')\n"
        "    await store.close()\n"
        "    assert reply.chart is not None\n"
        "    print('matplotlib' in sys.modules)\n"
        "asyncio.run(main())\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "False"
