"""The import entry point: summaries, progress, idempotent re-import, speed of the full data."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_fixtures import CHAMPS, OPENFOOTBALL, full_db_file, full_store, needs_shared

from storage import Store
from storage.importers import BadImportFile, ImportSummary, import_files

__all__ = ["full_db_file", "full_store"]


def test_error_and_summary_texts() -> None:
    err = BadImportFile(Path("data/m.csv"), 7, "bad score '2:x'")
    assert str(err) == "data/m.csv:7: bad score '2:x'"
    assert (err.path, err.line, err.problem) == ("data/m.csv", 7, "bad score '2:x'")
    text = ImportSummary(files=2, matches_added=3, skipped=["x"]).summary()
    assert text.startswith("2 files: 3 matches added, 0 updated, 0 unchanged")
    assert text.endswith("1 skipped")


async def test_unknown_kind(store: Store) -> None:
    with pytest.raises(ValueError, match="unknown import kind"):
        await import_files(store, "xml", [])


async def test_unreadable_file(store: Store, tmp_path: Path) -> None:
    with pytest.raises(BadImportFile, match="cannot read"):
        await import_files(store, "csv", [tmp_path / "missing.csv"])


@needs_shared
async def test_reimport_changes_nothing_and_reports_progress(full_store: Store) -> None:
    seen: list[int] = []
    first = await import_files(full_store, "engsoccerdata", [CHAMPS], progress=seen.append)
    second = await import_files(full_store, "openfootball", [OPENFOOTBALL])
    assert seen == [6556]
    for s in (first, second):
        assert (s.matches_added, s.matches_updated, s.goals_added, s.clubs_added,
                s.players_added) == (0, 0, 0, 0, 0)


@needs_shared
def test_full_import_summary(full_db_file: tuple) -> None:
    _path, (champs, football) = full_db_file
    assert champs.matches_added == 6556 and not champs.skipped
    assert football.files > 50 and football.goals_added > 1000 and not football.skipped

