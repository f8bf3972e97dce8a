"""The demo data set that ships with matchfacts (hand-authored CSV in bot/demo/)."""

from __future__ import annotations

from pathlib import Path

from storage import Store
from storage.importers import ImportSummary, import_files

DEMO_DIR = Path(__file__).parent / "demo"
DEMO_FILES = [DEMO_DIR / "matches.csv", DEMO_DIR / "goals.csv"]


async def load_demo(store: Store) -> ImportSummary:
    """Import the demo set: Liverpool v Real Madrid in Europe and their recent knockout runs."""
    return await import_files(store, "csv", DEMO_FILES)
