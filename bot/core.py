"""The core: text or options in, a Reply out. The one boundary where errors are caught."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime

from bot.chart_choice import wants_chart, without_chart
from bot.commands import (
    CONSOLE_ACTOR,
    Actor,
    Command,
    CommandSpec,
    check_required,
    parse_args,
    parse_date,
    split_options,
)
from bot.context import Context
from bot.defaults import apply_defaults, noted
from bot.errors import NotAllowed, UserError
from bot.names import NameIndex, clip
from bot.questions import interpret, names_resolve, not_understood
from bot.registry import COMMANDS
from bot.reply import Reply
from bot.scope import CATALOG, load_catalog
from bot.warm_up import InFlight
from storage import QueryTimeout, Store, StoreBusy
from storage.write_turns import is_locked

log = logging.getLogger(__name__)

APOLOGY = "Sorry, something went wrong on our side. It has been logged; please try again."
MAX_TEXT = 4000   # characters of command text or of one option (Slack's cap on a command)
ECHO = 80         # characters of the user's own text quoted back in an error, at most
_QUOTED = re.compile(r"“([^”]*)”")
BUSY = "The database is busy with an import; try again in a moment. Nothing was written."


def utc_now() -> datetime:
    return datetime.now(UTC)


class Core:
    """Holds the collaborators (store, clock, name index) and answers commands."""

    def __init__(
        self,
        store: Store,
        now: Callable[[], datetime] = utc_now,
        commands: tuple[CommandSpec, ...] = COMMANDS,
    ) -> None:
        self.store = store
        self.now = now
        self.commands = commands
        self.names = NameIndex()
        self.in_flight = InFlight()   # questions being answered (the warm-up waits for none)
        self.by_name = {c.full_name: c for c in commands}
        self.groups = {c.group for c in commands if c.group}

    async def chart_default(self, platform: str, place: str, server: str | None = None
                            ) -> bool | None:
        """The channel's "charts attached" setting (`admin settings charts:`); None when unset.

        Without `server`, the server is the one the channel's subscriptions recorded.
        """
        if server is None:
            server = await self.store.server_of(platform, place)
        return await self.store.chart_default(platform, server, place)

    def spec(self, name: str) -> CommandSpec | None:
        return self.by_name.get(name)

    def needs_admin(self, text: str) -> bool:
        """Whether command text names an admin command: adapters ask the platform who is an
        admin (a network round trip) only then."""
        words = text.strip().lstrip("/").split(maxsplit=2)
        if not words:
            return False
        name = words[0].lower()
        if name in self.groups and len(words) > 1:
            name = f"{name} {words[1].lower()}"
        spec = self.by_name.get(name)
        return spec is not None and spec.admin

    def parse(
        self,
        text: str,
        actor: Actor = CONSOLE_ACTOR,
        place: str = "console",
        as_of: date | None = None,
        server: str = "",
    ) -> Command:
        """Command text (`h2h Liverpool v Real Madrid since:2000`) → a neutral Command."""
        words = text.strip().lstrip("/").split(maxsplit=2)
        if not words:
            raise UserError("Ask something, e.g. `h2h Liverpool v Real Madrid`, or `help`.")
        name, rest = words[0].lower(), " ".join(words[1:])
        if name in self.groups and len(words) > 1:
            name, rest = f"{name} {words[1].lower()}", " ".join(words[2:])
        spec = self.by_name.get(name)
        if spec is None:
            return self.build_question(text, actor, place, as_of, server)
        try:
            args = parse_args(spec, rest)
        except UserError:   # "compare Salah and Mané": maybe a question in plain words
            if spec.admin or (asked := self.question(text, actor, place, as_of, server)) is None:
                raise
            return asked
        if not spec.admin and not names_resolve(spec, args, self.names) and (
                asked := self.question(text, actor, place, as_of, server)) is not None:
            return asked    # "last time Liverpool beat Real Madrid": no club "time Liverpool"
        return self.build(spec, args, actor, place, as_of, server=server)

    def question(self, text: str, actor: Actor, place: str, as_of: date | None,
                 server: str) -> Command | None:
        """Command-looking text read as a question, if that reading names what we know."""
        rest, options = split_options(text)
        found = interpret(rest, self.names, as_of or self.now().date())
        spec = self.by_name.get(found.command) if found else None
        if found is None or spec is None or not names_resolve(spec, found.args, self.names) \
                or set(options) - {p.name for p in spec.params} - {"as_of"}:
            return None
        return self.build(spec, {**found.args, **options}, actor, place, as_of, server=server)

    def build_question(self, text: str, actor: Actor, place: str,
                       as_of: date | None, server: str = "") -> Command:
        """Text that is no command name: interpret it as a question in plain words."""
        rest, options = split_options(text)
        found = interpret(rest, self.names, as_of or self.now().date())
        spec = self.by_name.get(found.command) if found else None
        if found is None or spec is None:
            raise not_understood(text, self.commands)
        return self.build(spec, {**found.args, **options}, actor, place, as_of, server=server)

    def build(
        self,
        spec: CommandSpec,
        args: Mapping[str, str],
        actor: Actor = CONSOLE_ACTOR,
        place: str = "console",
        as_of: date | None = None,
        attachment: bytes | None = None,
        attachment_name: str | None = None,
        server: str = "",
    ) -> Command:
        """Structured options (as Discord sends them) → the same neutral Command.

        Required options are checked in `dispatch`, after the server's defaults are applied.
        """
        long = next((k for k, v in args.items() if v is not None and len(str(v)) > MAX_TEXT),
                    None)
        if long is not None:
            raise too_long(f"The {long}: option", len(str(args[long])))
        clean = {k: v.strip() for k, v in args.items() if v is not None and str(v).strip()}
        if "as_of" in clean:
            as_of = parse_date(clean.pop("as_of"), "as_of")
        if not any(p.club_default for p in spec.params):
            check_required(spec, clean)
        return Command(spec.full_name, clean, actor, place, as_of, attachment, attachment_name,
                       server)

    async def ask(
        self,
        text: str,
        actor: Actor = CONSOLE_ACTOR,
        place: str = "console",
        as_of: date | None = None,
        server: str = "",
    ) -> Reply:
        """Parse and answer command text; every failure becomes a Reply."""
        if len(text) > MAX_TEXT:   # refused before any work: no lookup, no echo
            return error_reply(too_long("That command", len(text)))
        with self.in_flight.asking():
            try:
                await self.store.notice_other_writers()
                await self.names.refresh(self.store)  # questions split names with the index
                command = self.parse(text, actor, place, as_of, server)
            except UserError as err:
                return error_reply(err)
            return await self.dispatch(command)

    async def dispatch(self, command: Command) -> Reply:
        """Answer a command; background work (the warm-up) steps aside meanwhile."""
        with self.in_flight.asking():
            return await self.answer(command)

    async def answer(self, command: Command) -> Reply:
        """Answer a command, unseen by `in_flight` (background work's own questions)."""
        spec = self.by_name.get(command.name)
        try:
            if spec is None:
                raise UserError(f"I don't know the command “{command.name}”. Try `help`.")
            if spec.admin and not command.actor.is_admin:
                raise NotAllowed(f"`{spec.full_name}` is for admins only.")
            await self.store.notice_other_writers()
            await self.names.refresh(self.store)
            CATALOG.set(await load_catalog(self.store))
            place = await self.store.place_settings(command.actor.platform, command.server,
                                                    command.place)
            today = command.as_of or self.now().date()
            command, notes = await apply_defaults(self.store, spec, command, place, today)
            check_required(spec, command.args)
            ctx = Context(self.store, self.names, self.now, command, place)
            option = command.args.get("chart")
            wants_chart(option, None)   # a bad chart: value is refused before any work
            reply = await spec.handler(ctx, command)
            if reply.chart is not None and not wants_chart(option, place.charts):
                reply = without_chart(reply)
            return noted(reply, notes)
        except UserError as err:
            return error_reply(err)
        except QueryTimeout:
            log.warning("query time limit hit for %s %s", command.name, dict(command.args))
            return Reply(title="That question took too long to answer; try a narrower one "
                               "(a competition or a season).", kind="user_error")
        except StoreBusy:
            log.warning("write refused, database busy: %s", command.name)
            return Reply(title=BUSY, kind="user_error", data={"error": "busy"})
        except Exception as err:
            if is_locked(err):   # SQLite's own wait ran out (a read, or a lock mid-write)
                log.warning("database locked answering %s", command.name)
                return Reply(title=BUSY, kind="user_error", data={"error": "busy"})
            log.exception("internal error answering %s %s", command.name, dict(command.args))
            return Reply(title=APOLOGY, kind="internal_error")


def error_reply(err: UserError) -> Reply:
    """A user error's reply; any of the user's text quoted in it is clipped (a 4000-character
    question is not echoed back whole)."""
    message = _QUOTED.sub(lambda m: f"“{clip(m.group(1), ECHO)}”", err.message)
    return Reply(title=message, kind="user_error", suggestions=err.suggestions,
                 data={**err.data, "error": message})


def too_long(what: str, length: int) -> UserError:
    return UserError(f"{what} is {length:,} characters long; the limit is {MAX_TEXT:,}. "
                     "Ask something shorter.", data={"length": length, "limit": MAX_TEXT})
