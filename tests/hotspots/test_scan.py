"""hotspot_scan stores what the detector finds, once; alert changes are audited."""

from datetime import timedelta

import pytest

from jiesu.core.errors import NotPermitted, TransitionNotAllowed, ValidationFailed
from jiesu.hotspots.models import Alert, AlertEvent, AlertStatus, HotspotRule
from jiesu.hotspots.scan import hotspot_ensure_fresh, hotspot_last_scan
from jiesu.hotspots.services import alert_acknowledge, alert_close, alert_link_action, hotspot_scan
from tests.factories import DispatcherFactory, UserFactory
from tests.hotspots.conftest import NOW, burst, make_order


def test_the_default_rules_exist_and_only_the_compound_one_is_on(db):
    rules = {rule.place_level: rule.enabled for rule in HotspotRule.objects.all()}
    assert rules == {"compound": True, "building": False}


def test_a_burst_raises_one_alert_listing_its_orders(street):
    orders = burst(street)
    make_order(street, "b", NOW - timedelta(hours=5))  # one order elsewhere: nothing

    result = hotspot_scan(now=NOW)

    assert result.raised == 1
    alert = Alert.objects.get()
    assert alert.compound == street["a"] and alert.category == street["leak"]
    assert set(alert.orders.values_list("id", flat=True)) == {o.pk for o in orders}
    assert alert.status == AlertStatus.OPEN
    assert list(alert.events.values_list("kind", flat=True)) == ["raised"]


def test_running_the_scan_twice_creates_nothing_new(street):
    burst(street)
    hotspot_scan(now=NOW)

    again = hotspot_scan(now=NOW + timedelta(minutes=10))

    assert (again.raised, again.extended) == (0, 0)
    assert Alert.objects.count() == 1 and AlertEvent.objects.count() == 1


def test_later_orders_of_the_burst_join_the_open_alert(street):
    burst(street)
    hotspot_scan(now=NOW)
    late = make_order(street, "a", NOW + timedelta(hours=1))

    result = hotspot_scan(now=NOW + timedelta(hours=2))

    alert = Alert.objects.get()
    assert result.extended == 1 and alert.order_count == 5
    assert alert.orders.filter(pk=late.pk).exists()
    assert list(alert.events.values_list("kind", flat=True)) == ["raised", "extended"]


def test_acknowledge_and_link_write_one_event_each_with_old_and_new(street):
    burst(street)
    hotspot_scan(now=NOW)
    alert = Alert.objects.get()
    worker = street["community_user_a"]

    alert_acknowledge(alert_id=alert.pk, actor=worker, note="已安排物业上门查看")
    alert_link_action(alert_id=alert.pk, actor=worker, action_text="屋面防水维修项目", action_url="/orders/")

    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACKNOWLEDGED and alert.acknowledged_by == worker
    ack, link = alert.events.exclude(kind="raised")
    assert (ack.kind, ack.actor, ack.old["status"], ack.new["status"]) == (
        "acknowledged",
        worker,
        "open",
        "acknowledged",
    )
    assert (link.kind, link.old["action_text"], link.new["action_text"]) == (
        "action_linked",
        "",
        "屋面防水维修项目",
    )


def test_forbidden_changes_are_refused_clearly(street):
    burst(street)
    hotspot_scan(now=NOW)
    alert = Alert.objects.get()
    dispatcher = DispatcherFactory()

    with pytest.raises(NotPermitted):  # another community's worker does not see it
        alert_acknowledge(alert_id=alert.pk, actor=street["community_user_b"])
    with pytest.raises(NotPermitted):
        alert_acknowledge(alert_id=alert.pk, actor=UserFactory(role="leader"))
    with pytest.raises(ValidationFailed):
        alert_link_action(alert_id=alert.pk, actor=dispatcher, action_text=" ")
    alert_close(alert_id=alert.pk, actor=dispatcher, note="误报")
    with pytest.raises(TransitionNotAllowed):
        alert_acknowledge(alert_id=alert.pk, actor=dispatcher)
    assert list(alert.events.values_list("kind", flat=True)) == ["raised", "closed"]


def test_the_command_prints_json(street, capsys):
    from django.core.management import call_command
    from django.utils import timezone

    burst(street, start=timezone.now() - timedelta(hours=10))
    call_command("hotspot-scan", "--json")
    assert '"raised": 1' in capsys.readouterr().out


def test_a_first_scan_alerts_from_the_first_of_last_month_and_older_bursts_only_build_history(street):
    # NOW is 2025-07-15: a first scan alerts on bursts since 2025-06-01
    june = burst(street, "a", start=NOW - timedelta(days=40))  # 2025-06-05
    burst(street, "b", start=NOW - timedelta(days=50))  # 2025-05-26: before June, history only

    hotspot_scan(now=NOW)

    alert = Alert.objects.get()
    assert alert.compound == street["a"]
    assert set(alert.orders.values_list("id", flat=True)) == {o.pk for o in june}


def test_the_pages_scan_when_no_scheduler_has_for_ten_minutes(street):
    burst(street)
    assert hotspot_ensure_fresh(now=NOW).raised == 1  # never scanned: scan now
    assert hotspot_ensure_fresh(now=NOW + timedelta(minutes=9)) is None  # fresh: nothing to do
    make_order(street, "a", NOW + timedelta(minutes=30))

    later = hotspot_ensure_fresh(now=NOW + timedelta(minutes=40))

    assert later.extended == 1
    assert hotspot_last_scan() == NOW + timedelta(minutes=40)
