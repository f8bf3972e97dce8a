"""One scenario list, run against every adapter: the same facts on Discord, Slack, console.

Each adapter's end-to-end test sends `text` (Slack, console) or the equivalent slash command
(Discord: the first word is the command, the rest its options as the core declares them),
then checks that what reached the fake server carries the core's own answer for `text`:
the reply title and every line of `reply.lines`, and the error/ephemeral kind.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    name: str
    text: str                      # command text, as typed after /matchfacts
    options: dict[str, str]        # the same command as structured options (Discord)
    kind: str                      # answer | user_error
    admin: bool = False            # sent by a non-admin: must be refused


SCENARIOS = [
    Scenario("h2h", "h2h Liverpool v Real Madrid", {"team": "Liverpool",
                                                    "opponent": "Real Madrid"}, "answer"),
    Scenario("facts", "facts Liverpool v Real Madrid", {"team": "Liverpool",
                                                        "opponent": "Real Madrid"}, "answer"),
    Scenario("unknown club", "h2h Liverpool v Xyzzy United",
             {"team": "Liverpool", "opponent": "Xyzzy United"}, "user_error"),
    Scenario("admin refused", "admin log", {}, "user_error", admin=True),
]
