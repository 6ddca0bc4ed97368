"""Importing 12345 platform exports. The one entry point is `orders_import`."""

from jiesu.intake.importing.errors import UnusableFile
from jiesu.intake.importing.headers import FIELDS, mapping_load
from jiesu.intake.importing.report import ImportReport, Issue
from jiesu.intake.importing.service import orders_import

__all__ = ["FIELDS", "ImportReport", "Issue", "UnusableFile", "mapping_load", "orders_import"]
