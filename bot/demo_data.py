"""The demo data set that ships with matchfacts (hand-authored CSV in bot/demo/)."""

from __future__ import annotations

from contextlib import ExitStack
from importlib import resources

from storage import Store
from storage.importers import ImportSummary, import_files

# Package data, found through importlib.resources so an installed wheel has it too.
DEMO_DIR = resources.files("bot") / "demo"
DEMO_NAMES = ("matches.csv", "goals.csv")


async def load_demo(store: Store) -> ImportSummary:
    """Import the demo set: Liverpool v Real Madrid in Europe and their recent knockout runs."""
    with ExitStack() as stack:
        paths = [stack.enter_context(resources.as_file(DEMO_DIR / name)) for name in DEMO_NAMES]
        return await import_files(store, "csv", paths)
