"""Lifecycles of the volunteer service through its services: one event per change, the state
table refusing what it must, hours adding up, visits moving the due date."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from jiesu.audit.models import AuditLog
from jiesu.core.errors import NotPermitted, TransitionNotAllowed, ValidationFailed
from jiesu.volunteers import services
from jiesu.volunteers.models import Pairing, ServiceRecord, Visit, VolunteerEvent
from jiesu.volunteers.selectors import pairing_overdue_count, team_hours

pytestmark = pytest.mark.django_db


def test_creating_a_volunteer_and_a_resident_writes_one_event_each(street):
    assert VolunteerEvent.objects.filter(volunteer=street.volunteer, kind="volunteer_created").count() == 1
    assert VolunteerEvent.objects.filter(resident=street.resident, kind="resident_created").count() == 1
    created = VolunteerEvent.objects.get(resident=street.resident)
    assert "赵北老" not in str(created.new) and "13812345678" not in str(created.new)


def test_a_community_worker_registers_only_in_their_community(street):
    values = dict(name="张三", kind="resident", team=street.team, community=street.south)
    with pytest.raises(NotPermitted):
        services.volunteer_create(actor=street.community_user, values=values)
    values["community"] = street.north
    assert services.volunteer_create(actor=street.community_user, values=values).community == street.north
    with pytest.raises(NotPermitted):
        services.resident_create(
            actor=street.grid_user, community=street.north, values={"name": "x", "kind": "alone"}
        )


def test_a_rider_volunteer_needs_a_card(street):
    values = dict(name="骑手甲", kind="rider", team=street.team, community=street.north)
    with pytest.raises(ValidationFailed, match="暖心卡"):
        services.volunteer_create(actor=street.dispatcher, values=values)


def test_service_hours_add_up_per_volunteer_and_team(street):
    today = timezone.localdate()
    for hours in ("1.5", "2", "0.5"):
        services.service_record(
            actor=street.grid_user,
            volunteer_id=street.volunteer.pk,
            served_on=today,
            hours=hours,
            mode="fixed",
            nature="common",
            content="测血压",
            whom="小区老人",
        )
    services.service_record(
        actor=street.dispatcher,
        volunteer_id=street.south_volunteer.pk,
        served_on=today,
        hours="3",
        mode="door",
        nature="personal",
        content="上门理发",
        resident=street.south_resident,
    )
    rows = {row.team.name: row for row in team_hours(start=today, end=today)}
    assert rows["爱在南苑"].hours == Decimal("7.0") and rows["爱在南苑"].services == 4
    assert rows["爱在南苑"].volunteers == 2 and rows["青春南苑"].hours == 0
    north_only = {row.team.name: row for row in team_hours(user=street.community_user)}
    assert north_only["爱在南苑"].hours == Decimal("4.0")
    assert VolunteerEvent.objects.filter(kind="service_recorded").count() == 4


def test_service_records_refuse_bad_input_and_save_nothing(street):
    today = timezone.localdate()
    base = dict(
        actor=street.dispatcher, volunteer_id=street.volunteer.pk, mode="fixed", nature="common", content="x"
    )
    for bad in (
        dict(served_on=today, hours="0"),
        dict(served_on=today, hours="25"),
        dict(served_on=today + timedelta(days=1), hours="1"),
    ):
        with pytest.raises(ValidationFailed):
            services.service_record(**base, **bad)
    with pytest.raises(NotPermitted):
        services.service_record(**{**base, "actor": street.south_user}, served_on=today, hours="1")
    assert not ServiceRecord.objects.exists()


def test_pairing_visits_move_the_due_date_and_count_as_service(street):
    today = timezone.localdate()
    pairing = services.pairing_create(
        actor=street.community_user,
        resident_id=street.resident.pk,
        volunteer_id=street.volunteer.pk,
        started_on=today - timedelta(days=10),
    )
    assert pairing.next_visit_due == today - timedelta(days=3)
    assert pairing_overdue_count(user=street.community_user) == 1
    assert pairing_overdue_count(user=street.south_user) == 0
    visit = services.visit_record(
        actor=street.grid_user, pairing_id=pairing.pk, visited_on=today, hours="1", note="聊天、量血压"
    )
    pairing.refresh_from_db()
    assert pairing.last_visit_on == today and pairing.next_visit_due == today + timedelta(days=7)
    assert pairing_overdue_count(user=street.community_user) == 0
    assert (
        visit.record.mode == "door"
        and visit.record.nature == "personal"
        and visit.record.resident == street.resident
    )
    kinds = list(VolunteerEvent.objects.filter(pairing=pairing).values_list("kind", flat=True))
    assert kinds == ["paired", "visited"]


def test_pairing_across_communities_is_refused_to_a_community(street):
    with pytest.raises(ValidationFailed):
        services.pairing_create(
            actor=street.community_user,
            resident_id=street.resident.pk,
            volunteer_id=street.south_volunteer.pk,
        )
    with pytest.raises(NotPermitted):
        services.pairing_create(
            actor=street.community_user,
            resident_id=street.south_resident.pk,
            volunteer_id=street.volunteer.pk,
        )
    assert not Pairing.objects.exists()


def test_closing_a_resident_ends_the_pairings_and_a_visit_after_is_refused(street):
    pairing = services.pairing_create(
        actor=street.dispatcher, resident_id=street.resident.pk, volunteer_id=street.volunteer.pk
    )
    services.resident_move(
        actor=street.community_user, resident_id=street.resident.pk, action="close", note="迁出"
    )
    pairing.refresh_from_db()
    assert pairing.status == "ended" and pairing.ended_on == timezone.localdate()
    before = (VolunteerEvent.objects.count(), Visit.objects.count(), ServiceRecord.objects.count())
    with pytest.raises(TransitionNotAllowed):
        services.visit_record(
            actor=street.dispatcher,
            pairing_id=pairing.pk,
            visited_on=timezone.localdate(),
            hours="1",
            note="x",
        )
    with pytest.raises(TransitionNotAllowed):
        services.pairing_end(actor=street.dispatcher, pairing_id=pairing.pk, note="again")
    assert (VolunteerEvent.objects.count(), Visit.objects.count(), ServiceRecord.objects.count()) == before
    kinds = list(VolunteerEvent.objects.filter(resident=street.resident).values_list("kind", flat=True))
    assert kinds == ["resident_created", "paired", "close", "end"]


def test_the_leader_changes_nothing(street):
    with pytest.raises(NotPermitted):
        services.resident_move(actor=street.leader, resident_id=street.resident.pk, action="close", note="x")
    with pytest.raises(NotPermitted):
        services.resident_reveal(actor=street.leader, resident_id=street.resident.pk)


def test_reveal_is_logged_in_the_audit_log_and_the_residents_events(street):
    services.resident_reveal(actor=street.community_user, resident_id=street.resident.pk)
    assert AuditLog.objects.filter(
        kind="reveal", user=street.community_user, target=f"困难群众 {street.resident.pk}"
    ).exists()
    assert (
        VolunteerEvent.objects.filter(
            resident=street.resident, kind="revealed", actor=street.community_user
        ).count()
        == 1
    )
    with pytest.raises(NotPermitted):
        services.resident_reveal(actor=street.south_user, resident_id=street.resident.pk)
