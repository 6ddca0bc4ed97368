"""The report section 「志愿服务（1+4+X）」 equals a hand count and is the street's only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jiesu.core.extensions import report_sections
from jiesu.insight.selectors.scope import insight_scope
from jiesu.volunteers import services

pytestmark = pytest.mark.django_db


def test_hours_per_team_in_the_period(street):
    today = timezone.localdate()
    common = dict(mode="fixed", nature="common", content="测血压", whom="老人")
    services.service_record(
        actor=street.dispatcher, volunteer_id=street.volunteer.pk, served_on=today, hours="2", **common
    )
    services.service_record(
        actor=street.dispatcher,
        volunteer_id=street.south_volunteer.pk,
        served_on=today,
        hours="1.5",
        **common,
    )
    services.service_record(  # before the period: not counted
        actor=street.dispatcher,
        volunteer_id=street.volunteer.pk,
        served_on=today - timedelta(days=40),
        hours="9",
        **common,
    )
    with report_sections.only("volunteers"):
        (provider,) = report_sections.items()
        section = provider(
            scope=insight_scope(user=street.leader), start=today - timedelta(days=7), end=today
        )
        assert provider(scope=insight_scope(user=street.community_user), start=today, end=today) is None
    rows = {row[0]: row[1:] for row in section.rows}
    assert rows["爱在南苑"] == [2, 2, 3.5] and rows["青春南苑"] == [0, 0, 0.0]
    assert rows["合计"] == [2, 2, 3.5]
