"""The console adapter: an interactive prompt, or one question and exit. Translation only."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import TextIO

from adapters.charts import attachment
from bot.core import Core
from bot.delivery import PostResult
from bot.reply import Reply

HISTORY = Path.home() / ".matchfacts_history"
CHART_DIR = Path(tempfile.gettempdir()) / "matchfacts-charts"   # where the prompt puts PNGs
BANNER = ("matchfacts console: football facts from your own data. "
          "Type `help`, a command such as `h2h Liverpool v Real Madrid`, or `quit`.")


def render(reply: Reply, as_json: bool = False) -> str:
    if as_json:
        return json.dumps({"kind": reply.kind, "title": reply.title, "text": reply.plain_text(),
                           "data": reply.data}, ensure_ascii=False, indent=2, default=str)
    return reply.plain_text()


async def write_chart(reply: Reply, path: Path) -> Path | None:
    """The reply's chart as a PNG at `path`; None when it has none (or it could not draw)."""
    data = await attachment(reply.chart)
    if data is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


async def ask_once(core: Core, text: str, as_of: date | None, as_json: bool,
                   out: TextIO | None = None, err: TextIO | None = None,
                   chart: Path | None = None) -> int:
    """Answer one command; exit status 1 on a user error (message on stderr), 2 on ours.

    With `chart`, the answer's picture is written there as a PNG (said on stderr).
    """
    out, err = out or sys.stdout, err or sys.stderr  # looked up now: tests swap sys.stdout
    reply = await core.ask(text, as_of=as_of)
    if reply.is_error:
        print(render(reply, as_json), file=err)
        return 1 if reply.kind == "user_error" else 2
    print(render(reply, as_json), file=out)
    if chart is not None:
        written = await write_chart(reply, chart)
        print(f"Chart written to {written}" if written else
              "This answer has no chart (charts: h2h, form, streak, facts).", file=err)
    return 0


async def repl(core: Core, as_of: date | None) -> int:
    """Read commands until quit/EOF, with line editing and history where readline exists."""
    try:
        import readline

        if HISTORY.exists():
            readline.read_history_file(HISTORY)
    except (ImportError, OSError):
        readline = None  # type: ignore[assignment]
    print(BANNER)
    if as_of:
        print(f"Answering as of {as_of.isoformat()}.")
    try:
        while True:
            try:
                line = await asyncio.to_thread(input, "matchfacts> ")
            except EOFError:
                print()
                break
            if line.strip().lower() in ("quit", "exit", "q"):
                if not sys.stdin.isatty():
                    print()  # piped input echoes no newline: end the prompt's line ourselves
                break
            if not line.strip():
                continue
            reply = await core.ask(line, as_of=as_of)
            print(render(reply))
            if reply.chart is not None:
                written = await write_chart(reply, CHART_DIR / reply.chart.filename)
                if written:
                    print(f"Chart: {written}")
            print()
    finally:
        if readline is not None:
            with contextlib.suppress(OSError):
                readline.write_history_file(HISTORY)
    return 0


class ConsolePoster:
    """Scheduled posts for "console" subscriptions, printed where the console user sees them.

    It cannot look a post up after a restart and nothing dedups for it, so after a crash
    mid-send the scheduler does not repeat the post (at most once).
    """

    platform = "console"

    def __init__(self, out: TextIO = sys.stdout) -> None:
        self.out = out
        self.count = 0

    async def post(self, channel_id: str, reply: Reply) -> PostResult:
        self.count += 1
        print(f"\n[scheduled post for {channel_id}]\n{reply.plain_text()}\n", file=self.out,
              flush=True)
        return PostResult(ok=True, message_ref=f"console-{self.count}")
