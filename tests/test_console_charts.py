"""The console writes a chart where asked (`ask --chart PATH`) and the prompt says where."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters import console
from bot.core import Core
from tests.test_charts import decoded


async def test_ask_with_chart_writes_the_png(core: Core, tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    path = tmp_path / "h2h.png"
    status = await console.ask_once(core, "h2h Liverpool v Real Madrid", None, False, out, err,
                                    chart=path)
    assert status == 0 and out.getvalue().startswith("Liverpool v Real Madrid: head-to-head")
    assert err.getvalue().strip() == f"Chart written to {path}"
    assert decoded(path.read_bytes())[0] >= 800


async def test_ask_with_chart_says_when_there_is_none(core: Core, tmp_path: Path) -> None:
    err = io.StringIO()
    path = tmp_path / "none.png"
    status = await console.ask_once(core, "tie Liverpool v Real Madrid as_of:2023-03-01", None,
                                    False, io.StringIO(), err, chart=path)
    assert status == 0 and not path.exists()
    assert "no chart" in err.getvalue()


async def test_the_prompt_says_where_it_wrote_the_chart(
        core: Core, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    lines: Iterator[str] = iter(["form Liverpool", "form Liverpool chart:no", "quit"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(lines))
    monkeypatch.setattr(console, "CHART_DIR", tmp_path)
    monkeypatch.setattr(console, "HISTORY", tmp_path / "history")
    assert await console.repl(core, None) == 0
    said = [line for line in capsys.readouterr().out.splitlines() if line.startswith("Chart: ")]
    [path] = [Path(line.removeprefix("Chart: ")) for line in said]   # chart:no wrote none
    assert path.parent == tmp_path and path.name.startswith("form-strip-")
    decoded(path.read_bytes())
