"""`admin import`: a data file attached in chat, through the same importers as the CLI."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bot.commands import Command, CommandSpec, Param
from bot.context import Context
from bot.errors import UserError
from bot.families.admin_audit import stamp
from bot.reply import Reply
from storage.importers import BadImportFile, ImportSummary, import_files

KINDS = ("csv", "openfootball", "engsoccerdata")
MAX_BYTES = 20 * 1024 * 1024


def guess_kind(name: str, head: bytes) -> str:
    """csv for our own CSV, engsoccerdata for its champs.csv header, openfootball for .txt."""
    if name.lower().endswith(".txt"):
        return "openfootball"
    first = head.split(b"\n", 1)[0].decode("utf-8-sig", "replace").replace('"', "")
    return "engsoccerdata" if first.lower().startswith("date,season,round") else "csv"


async def admin_import(ctx: Context, cmd: Command) -> Reply:
    """Import a data file attached to the command (our CSV, openfootball .txt, champs.csv).

    The kind is guessed from the file; say kind:csv, kind:openfootball or kind:engsoccerdata
    to be sure. The file is one transaction, with its audit-log row: a malformed file is
    reported with its line and problem, and nothing of it is written.
    """
    data, raw_name = cmd.attachment, cmd.attachment_name or "upload"
    if not data:
        raise UserError("Attach the file to import to the command (a .csv or .txt file).")
    if len(data) > MAX_BYTES:
        raise UserError(f"That file is {len(data) // 1024 // 1024} MB; the limit is "
                        f"{MAX_BYTES // 1024 // 1024} MB.")
    name = Path(raw_name).name or "upload"
    kind = cmd.args.get("kind") or guess_kind(name, data[:200])
    if kind not in KINDS:
        raise UserError(f"kind must be one of {', '.join(KINDS)}, not “{kind}”.")

    async def audit(path: Path, summary: ImportSummary) -> None:
        await ctx.store.audit(stamp(ctx), cmd.actor.ref, "import", "file", None, None,
                              {"kind": "import", "file": name, "format": kind,
                               "summary": f"{name} ({kind}): {summary.summary()}"})

    with tempfile.TemporaryDirectory(prefix="matchfacts-import-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            summary = await import_files(ctx.store, kind, [path], on_file=audit)
        except BadImportFile as err:
            raise UserError(f"Import of {name} failed, nothing written: line {err.line}: "
                            f"{err.problem}", data={"file": name, "line": err.line}) from None
    return Reply(title=f"Imported {name} ({kind})", lines=(summary.summary(),),
                 data={"file": name, "kind": kind, "summary": summary.summary(),
                       "matches_added": summary.matches_added})


COMMANDS = (
    CommandSpec("import", admin_import, group="admin", admin=True, takes_file=True,
                params=(Param("kind", "choice", "csv, openfootball or engsoccerdata",
                              choices=KINDS),),
                examples=("admin import kind:csv",)),
)
