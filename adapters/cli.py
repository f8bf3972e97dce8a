"""`matchfacts` command line: console, one-off questions, imports, and the chat adapters."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from datetime import date
from pathlib import Path

from adapters.console import ask_once
from adapters.run import check, configured, run_console
from adapters.run import run as run_all
from bot.core import Core
from bot.demo_data import load_demo
from bot.errors import UserError
from bot.idle_gc import IdleCollector
from bot.settings import Settings, load_settings
from bot.warm_up import WarmUp
from storage import Store
from storage.importers import BadImportFile, import_files

log = logging.getLogger("matchfacts")


def build_parser() -> argparse.ArgumentParser:
    """The parser; the global options (--db, --as-of) work before or after the subcommand."""
    parser = argparse.ArgumentParser(
        prog="matchfacts",
        description="Football match facts from your own data. With no command: an interactive "
                    "console (on demo data when the database does not exist yet).",
    )
    _global_options(parser, None)
    # The same options on each subcommand, defaulting to "not given" so that a value placed
    # before the subcommand is not overwritten by the subcommand's default.
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command")
    ask = sub.add_parser("ask", parents=[common],
                         help="answer one command and exit, e.g. "
                              "matchfacts ask \"h2h Liverpool v Real Madrid\"")
    ask.add_argument("text", nargs="+", help="the command, as you would type it in chat")
    ask.add_argument("--json", action="store_true",
                     help="print the reply's structured data and plain text as one JSON object")
    ask.add_argument("--chart", type=Path, metavar="PATH",
                     help="write the answer's chart (h2h, form, streak, facts, position) "
                          "as a PNG here")
    imp = sub.add_parser("import", parents=[common],
                         help="import match data files into the database")
    imp.add_argument("kind", choices=("engsoccerdata", "openfootball", "csv"))
    imp.add_argument("paths", nargs="+", type=Path, help="files or folders")
    sub.add_parser("console", parents=[common], help="the interactive console (the default)")
    sub.add_parser("demo", parents=[common], help="(re)load the demo data into the database")
    discord = sub.add_parser("discord", parents=[common],
                             help="run the Discord bot; `discord sync` uploads the slash "
                                  "commands, `discord invite` prints the invite URL (needs "
                                  "DISCORD_APPLICATION_ID or DISCORD_TOKEN)")
    discord.add_argument("action", nargs="?", choices=("run", "sync", "invite"), default="run")
    sub.add_parser("slack", parents=[common],
                   help="run the Slack bot: Socket Mode when SLACK_APP_TOKEN is set, "
                        "else HTTP mode on SLACK_PORT at /slack/events")
    sub.add_parser("sync", parents=[common],
                   help="one pass of the live feed from football-data.org "
                        "(FOOTBALL_DATA_TOKEN): prints what it added, updated and "
                        "left unchanged per competition")
    sub.add_parser("run", parents=[common],
                   help="run every configured adapter (Discord, Slack) and the match-day "
                        "scheduler; with no tokens, the console (the default with tokens)")
    return parser


def _global_options(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("--db", default=default,
                        help="SQLite database path (default: $MATCHFACTS_DB or ./matchfacts.db)")
    parser.add_argument("--as-of", type=_date, default=default,
                        help="answer as of this date (YYYY-MM-DD)")


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


async def open_store(path: str, seed_demo: bool = True) -> Store:
    """Open the database; a new one is seeded with the demo data (said on stderr)."""
    is_new = not Path(path).exists()
    store = await Store.open(path)
    if is_new and seed_demo:
        summary = await load_demo(store)
        print(f"New database {path}: loaded the demo data ({summary.summary()}).",
              file=sys.stderr)
    return store


async def run_import(store: Store, kind: str, paths: list[Path]) -> int:
    progress = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(unit=" lines", desc=f"import {kind}", file=sys.stderr)
        progress = bar.update
    try:
        summary = await import_files(store, kind, paths, progress=progress)
    except BadImportFile as err:
        print(f"Import failed, nothing written from that file: {err}", file=sys.stderr)
        return 1
    finally:
        if progress is not None:
            bar.close()
    print(summary.summary())
    return 0


async def run_sync(store: Store, settings: Settings) -> int:
    """`matchfacts sync`: one pass; exit 1 when a competition could not be synced."""
    from storage.feed import FeedClient, FeedSync

    client = FeedClient(settings.football_data_token,  # type: ignore[arg-type]
                        settings.football_data_api_url,
                        per_minute=settings.football_data_rate_limit)
    try:
        reports = await FeedSync(store, client,
                                 list(settings.football_data_competitions)).run_pass()
    finally:
        await client.close()
    for r in reports:
        print(r.line())
        for line in r.conflicts:
            print(f"  admin correction kept: {line}")
        for line in r.skipped:
            print(f"  skipped: {line}")
    return 1 if any(r.error for r in reports) else 0


async def amain(args: argparse.Namespace, settings: Settings) -> int:
    db_path = args.db or settings.db_path
    if args.command == "discord" and args.action == "invite":
        from adapters.discord.app import application_id, invite_url

        app_id = settings.discord_application_id
        if app_id is None:
            try:
                settings.require("discord_token")
            except UserError:
                raise UserError("`discord invite` needs DISCORD_APPLICATION_ID (the developer "
                                "portal's Application ID) or DISCORD_TOKEN (see .env.example)."
                                ) from None
            app_id = application_id(settings.discord_token.reveal())  # type: ignore[union-attr]
        print(invite_url(app_id))
        return 0
    if args.command == "discord":
        settings.require("discord_token")
    if args.command == "import":
        missing = [str(p) for p in args.paths if not p.exists()]
        if missing:
            print(f"No such file or folder: {', '.join(missing)}", file=sys.stderr)
            return 1
    if args.command == "slack":
        from adapters.slack.app import check_settings

        try:
            check_settings(settings)
        except UserError as err:
            print(err.message, file=sys.stderr)
            return 2
    if args.command is None and configured(settings):
        args.command = "run"          # with tokens, no arguments means: run the bots
    if args.command == "run":
        try:
            check(settings)
        except UserError as err:
            print(err.message, file=sys.stderr)
            return 2
    if args.command == "sync" and not settings.football_data_token:
        print("FOOTBALL_DATA_TOKEN is not set: the live feed is off (see .env.example).",
              file=sys.stderr)
        return 2
    store = await open_store(db_path, seed_demo=args.command not in ("import", "sync"))
    try:
        if args.command == "import":
            return await run_import(store, args.kind, args.paths)
        if args.command == "sync":
            return await run_sync(store, settings)
        if args.command == "demo":
            print((await load_demo(store)).summary())
            return 0
        core = Core(store)
        if args.command == "discord" and args.action == "sync":
            from adapters.discord import app as discord_app

            names = await discord_app.sync(core, settings)
            print(f"Synced {len(names)} slash commands: {', '.join(sorted(names))}")
            return 0
        if args.command == "ask":
            return await ask_once(core, " ".join(args.text), args.as_of, args.json,
                                  chart=args.chart)
        warm_up = WarmUp(core, clubs=settings.warm_up_clubs)   # the bot runs: warm it up
        warm_up.start()
        collector = IdleCollector(core.in_flight)   # ... and collect garbage while idle
        collector.start()
        try:
            if args.command == "discord":
                from adapters.discord import app as discord_app

                await discord_app.run(core, settings)
                return 0
            if args.command == "slack":
                from adapters.slack.app import run as run_slack

                await run_slack(core, settings)
                return 0
            if args.command == "run":
                return await run_all(core, settings, as_of=args.as_of,
                                     interval=settings.tick_seconds)
            return await run_console(core, args.as_of)
        finally:
            await warm_up.stop()
            await collector.stop()
    finally:
        await store.close()


# Libraries whose DEBUG output carries secrets: SQL parameters (Slack installations hold
# tokens), Web API bodies (oauth.v2.access returns a token), OAuth codes.
SECRET_LOGGERS = ("aiosqlite", "slack_sdk", "slack_bolt", "matchfacts.slack.bolt")


def quiet_libraries() -> None:
    """Even at MATCHFACTS_LOG_LEVEL=DEBUG, those libraries log INFO and above only."""
    for name in SECRET_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(max(logger.getEffectiveLevel(), logging.INFO))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except UserError as err:
        print(err.message, file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    quiet_libraries()
    try:
        return asyncio.run(amain(args, settings))
    except UserError as err:
        print(err.message, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `matchfacts ask … | head`: the reader left, not an error
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
