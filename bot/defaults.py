"""A server's settings standing in for what a command leaves out (club, competition, tz).

Applied by the core before the required-options check, so `form` in a server whose club is
Everton means `form Everton`, `h2h Liverpool` means Everton v Liverpool, and `facts` alone
previews Everton's next fixture. Every default used is named in the reply's footnote.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.commands import Command, CommandSpec
from bot.errors import UserError
from bot.reply import Reply
from storage import Store
from storage.server_settings import PlaceSettings

SETTINGS_HINT = "an admin can set this server's club with `admin settings club:NAME`"


async def apply_defaults(store: Store, spec: CommandSpec, cmd: Command, place: PlaceSettings,
                         today: date) -> tuple[Command, tuple[str, ...]]:
    """The command with the settings' defaults filled in, and a note for each one used."""
    args = dict(cmd.args)
    notes: list[str] = []
    names = {p.name for p in spec.params}
    club_params = [p for p in spec.params if p.club_default]
    if club_params:
        await _club_default(store, spec, args, place, notes, today)
    if "competition" in names and not args.get("competition") and place.competition:
        args["competition"] = place.competition
        notes.append(f"competition {place.competition} ({_whose(place, 'competition')})")
    if "tz" in names and not spec.admin and not args.get("tz") and place.timezone:
        args["tz"] = place.timezone
        notes.append(f"times in {place.timezone} ({_whose(place, 'timezone')})")
    if args == dict(cmd.args):
        return cmd, ()
    return replace(cmd, args=args), tuple(notes)


async def _club_default(store: Store, spec: CommandSpec, args: dict[str, str],
                        place: PlaceSettings, notes: list[str], today: date) -> None:
    positional = [p for p in spec.params if p.club_default]
    given = [p for p in positional if args.get(p.name)]
    if len(given) == len(positional):
        return
    if place.club is None:
        if spec.layout == "pair" and len(positional) == 2 and given:
            raise UserError(f"Name two clubs: `{spec.usage}`, e.g. `{spec.examples[0]}` "
                            f"({SETTINGS_HINT}; then one club is enough).")
        return   # the required-options check says what is missing
    used = f"club {place.club} ({_whose(place, 'club_id')})"
    if len(positional) == 1:
        args[positional[0].name] = place.club
    elif given:   # one club named: the server's club v that one
        other = args.pop(given[0].name)
        args[positional[0].name], args[positional[1].name] = place.club, other
    else:         # none named: the club's next fixture
        fixture = await _next_fixture(store, place, today)
        if fixture is None:
            raise UserError(f"{place.club} have no scheduled match in our data; name the "
                            f"opponent: `{spec.full_name} {place.club} v OPPONENT`.")
        args[positional[0].name], args[positional[1].name] = fixture
        used = f"{place.club}'s next fixture ({_whose(place, 'club_id')} club)"
    notes.append(used)


async def _next_fixture(store: Store, place: PlaceSettings, today: date
                        ) -> tuple[str, str] | None:
    assert place.club_id is not None
    coming = await store.scheduled(place.club_id, today.isoformat(), 1)
    return (coming[0].home, coming[0].away) if coming else None


def _whose(place: PlaceSettings, name: str) -> str:
    return "this channel's setting" if place.level.get(name) == "channel" else \
        "this server's setting"


def noted(reply: Reply, notes: tuple[str, ...]) -> Reply:
    """The reply with the defaults it used named in its footnote."""
    if not notes or reply.is_error:
        return reply
    text = "Defaults used: " + "; ".join(notes)
    return replace(reply, footnote=f"{reply.footnote} · {text}" if reply.footnote else text,
                   data={**reply.data, "defaults": list(notes)})
