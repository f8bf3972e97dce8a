"""Command declarations and the neutral Command every adapter builds.

A command arrives as text (console, Slack: ``h2h Liverpool v Real Madrid since:2000``) or as
structured options (Discord); both become the same `Command`. Each command family declares
its parameters once, here-shaped, and adapters generate their UI from the declarations.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from bot.errors import UserError
from bot.scope import is_competition_word

if TYPE_CHECKING:
    from bot.context import Context
    from bot.reply import Reply

ParamType = Literal["club", "player", "subject", "text", "date", "int", "choice", "competition"]
TextLayout = Literal["pair", "single", "none"]


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: ParamType
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()
    positional: bool = False
    club_default: bool = False   # the server's club (admin settings) stands in when left out

    @property
    def must_give(self) -> bool:
        """Required of the user even where a server has a club set (Discord's schema)."""
        return self.required and not self.club_default


@dataclass(frozen=True, slots=True)
class Actor:
    platform: str            # console, discord, slack
    user_id: str
    name: str = ""
    is_admin: bool = False   # decided by the adapter from the platform's rule, checked per call

    @property
    def ref(self) -> str:
        return f"{self.platform}:{self.user_id}" + (f" ({self.name})" if self.name else "")


CONSOLE_ACTOR = Actor("console", "local", "local user", is_admin=True)


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    args: Mapping[str, str] = field(default_factory=dict)
    actor: Actor = CONSOLE_ACTOR
    place: str = "console"   # channel id
    as_of: date | None = None
    attachment: bytes | None = None  # a file sent with the command (admin import)
    attachment_name: str | None = None
    server: str = ""         # Discord guild / Slack workspace id ('' on the console, in a DM)


Handler = Callable[["Context", Command], Awaitable["Reply"]]


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str
    handler: Handler
    params: tuple[Param, ...] = ()
    layout: TextLayout = "none"
    examples: tuple[str, ...] = ()
    admin: bool = False
    group: str | None = None   # e.g. "admin": shown as `admin result` / `/admin result`
    takes_file: bool = False   # a file comes with it (Discord: an attachment option)

    @property
    def full_name(self) -> str:
        return f"{self.group} {self.name}" if self.group else self.name

    @property
    def help(self) -> str:
        """The handler's docstring is the help text, so help never drifts from the code."""
        return inspect.cleandoc(self.handler.__doc__ or self.name)

    @property
    def summary(self) -> str:
        return self.help.splitlines()[0]

    @property
    def usage(self) -> str:
        positional = [p for p in self.params if p.positional]
        if self.layout == "pair" and len(positional) == 2:
            head = f"{positional[0].name.upper()} v {positional[1].name.upper()}"
        elif positional:
            head = " ".join(p.name.upper() if p.required else f"[{p.name.upper()}]"
                            for p in positional)
        else:
            head = ""
        options = " ".join(f"[{p.name}:…]" for p in self.params if not p.positional)
        return " ".join(x for x in (self.full_name, head, options) if x)


AS_OF = Param("as_of", "date", "Answer as it would have been on this date (YYYY-MM-DD)")
CHART = Param("chart", "choice", "Attach a picture: yes or no (default: the channel's setting, "
              "else yes)", choices=("yes", "no"))

_OPTION = re.compile(r"(?<!\S)([A-Za-z][\w-]*):(\"[^\"]*\"|'[^']*'|\S+)")
_VERSUS = re.compile(r"\s+(?:v|vs|vs\.|versus|against|-)\s+", re.IGNORECASE)


_COMPETITION = re.compile(r"(?<!\S)competition:(?=[^\s\"'])", re.IGNORECASE)


def _quote_competitions(text: str) -> str:
    """`competition:premier league` → `competition:"premier league"`: a competition's name of
    several words is taken whole, unquoted, when the words after the colon name one."""
    for m in reversed(list(_COMPETITION.finditer(text))):
        words = text[m.end():].split()
        for n in range(min(4, len(words)), 1, -1):
            if is_competition_word(" ".join(words[:n])):
                tail = text[m.end():]
                for w in words[:n]:
                    tail = tail[tail.index(w) + len(w):]
                text = f'{text[:m.end()]}"{" ".join(words[:n])}"{tail}'
                break
    return text


def split_options(text: str) -> tuple[str, dict[str, str]]:
    """Pull `key:value` options out of command text; return the rest and the options."""
    options: dict[str, str] = {}
    text = _quote_competitions(text)

    def take(m: re.Match[str]) -> str:
        options[m.group(1).lower().replace("-", "_")] = m.group(2).strip("\"'")
        return " "

    rest = _OPTION.sub(take, text)
    return " ".join(rest.split()), options


def parse_args(spec: CommandSpec, text: str) -> dict[str, str]:
    """Text after the command name → the spec's named arguments (strings, unconverted)."""
    rest, options = split_options(text)
    known = {p.name for p in spec.params} | {"as_of"}
    unknown = sorted(set(options) - known)
    if unknown:
        names = ", ".join(f"{p.name}:" for p in spec.params if not p.positional)
        raise UserError(
            f"`{spec.full_name}` has no option {', '.join(u + ':' for u in unknown)}"
            + (f" (options: {names})" if names else "")
        )
    args = dict(options)
    positional = [p for p in spec.params if p.positional]
    if spec.layout == "pair" and len(positional) == 2 and rest:
        parts = _VERSUS.split(rest, maxsplit=1)
        if len(parts) == 1 and positional[0].club_default:
            args[positional[1].name] = rest   # `h2h Everton`: the server's club v Everton
        elif len(parts) == 1 and not positional[1].required:  # the second may be an option
            args[positional[0].name] = rest.strip()
        elif len(parts) != 2:
            two = "players" if positional[0].type == "player" else "clubs"
            raise UserError(f"Name two {two}: `{spec.usage}`"
                            + (f", e.g. `{spec.examples[0]}`" if spec.examples else ""))
        else:
            args[positional[0].name], args[positional[1].name] = (parts[0].strip(),
                                                                  parts[1].strip())
    elif positional and rest:
        args[positional[0].name] = rest
    elif rest:
        raise UserError(f"`{spec.full_name}` takes no text; usage: `{spec.usage}`")
    return args


def check_required(spec: CommandSpec, args: Mapping[str, str]) -> None:
    missing = [p.name for p in spec.params if p.required and not args.get(p.name)]
    if missing:
        example = f", e.g. `{spec.examples[0]}`" if spec.examples else ""
        raise UserError(f"`{spec.full_name}` needs {', '.join(missing)}: `{spec.usage}`{example}")


def parse_date(value: str, name: str = "date") -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UserError(f"{name} must be a date like 2023-02-21, not “{value}”.") from None
