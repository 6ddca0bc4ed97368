"""Every write of the riders' app goes through one of these functions."""

from jiesu.riders.services.cards import benefit_record, rider_card_replace, rider_card_revoke, rider_register
from jiesu.riders.services.reports import rider_report_create, rider_report_judge
from jiesu.riders.services.stations import (
    station_close,
    station_create,
    station_reopen,
    station_staff_set,
    station_update,
)

__all__ = [
    "benefit_record",
    "rider_card_replace",
    "rider_card_revoke",
    "rider_register",
    "rider_report_create",
    "rider_report_judge",
    "station_close",
    "station_create",
    "station_reopen",
    "station_staff_set",
    "station_update",
]
