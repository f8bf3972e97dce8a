"""Importers: engsoccerdata champs.csv, openfootball Football.TXT and our own CSV format."""

from storage.importers.common import BadImportFile, ImportSummary, import_files

__all__ = ["BadImportFile", "ImportSummary", "import_files"]
