"""The duplicate finder that runs is the benchmarked core `DuplicateFinder` (default params):
same-day near-identical reports at the same place are always proposed, other compounds never,
and merged orders drop out."""

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from jiesu.triage import duplicates as running
from jiesu.triage.core.duplicates import DuplicateParams
from jiesu.triage.duplicates import FIELDS, duplicate_params, order_text
from jiesu.triage.models import TriageSettings
from jiesu.triage.services import triage_order
from jiesu.workorders import services
from tests.factories import CompoundFactory

BEIJING = ZoneInfo("Asia/Shanghai")
ZAOYUAN = "枣园路公交站附近工地每天晚上十一点以后还在施工"


def _order(content: str, address: str = "", hour: int = 9, **kwargs):
    at = datetime(2026, 6, 3, hour, tzinfo=BEIJING)
    return services.workorder_create(
        actor=None, content=content, address_text=address, received_at=at, **kwargs
    )


def test_the_running_finder_uses_the_benchmarked_parameters(db):
    settings = TriageSettings.objects.get_or_create(pk=1)[0]
    assert (
        duplicate_params(threshold=settings.duplicate_threshold, days=settings.duplicate_days)
        == DuplicateParams()
    )


def test_the_title_is_the_subject_the_rare_phrase_signal_reads():
    row = dict.fromkeys(FIELDS) | {
        "id": 1,
        "title": "枫林湾搅拌站扰民",
        "content": "机器轰鸣",
        "status": "new",
    }
    assert order_text(row).subject == "枫林湾搅拌站扰民"


def test_a_same_day_near_identical_report_at_a_landmark_is_always_proposed(street, fake_model):
    fake_model("城乡建设 › 物业管理 › 物业服务", 0.4)
    first = _order(ZAOYUAN, hour=8, citizen_phone="13800000001")
    second = _order(f"{ZAOYUAN}，吵得根本睡不着", hour=21, citizen_phone="13900000002")
    triage_order(order_id=first.pk)

    result = triage_order(order_id=second.pk)

    assert [item["id"] for item in result.duplicates] == [first.pk]
    assert result.compound_id is None  # a road and its bus stop, not a compound


def test_the_same_problem_at_another_compound_is_not_a_duplicate(street, fake_model):
    fake_model("城乡建设 › 物业管理 › 物业服务", 0.9)
    CompoundFactory(name="星苑东里", community=street["community"])
    first = _order("楼道灯坏了一个月了，物业一直不修", address="星苑东里3号楼")
    second = _order("楼道灯坏了一个月了，物业一直不修", address="阳光星苑小区五号楼", hour=10)
    triage_order(order_id=first.pk)
    assert triage_order(order_id=second.pk).duplicates == []


def test_a_merged_order_is_never_proposed(street, fake_model, dispatcher):
    fake_model("城乡建设 › 物业管理 › 物业服务", 0.9)
    master = _order("5号楼电梯坏了三天，老人下不了楼", address="阳光星苑5号楼", hour=8)
    merged = _order("5号楼电梯坏了三天了，老人没法下楼", address="阳光星苑5号楼", hour=9)
    services.workorder_merge(order_id=merged.pk, master_id=master.pk, actor=dispatcher)
    third = _order("5号楼电梯坏了三天，老人下不去楼", address="阳光星苑5号楼", hour=11)

    result = triage_order(order_id=third.pk)

    assert [item["id"] for item in result.duplicates] == [master.pk]


@pytest.mark.parametrize("hours", [1, 20])
def test_same_day_twins_at_one_compound(street, fake_model, hours):
    fake_model("城乡建设 › 物业管理 › 物业服务", 0.9)
    first = _order("阳光星苑5号楼顶层漏雨，屋顶防水坏了", address="阳光星苑5号楼", hour=2)
    second = _order("阳光星苑5号楼顶层又漏雨了，屋顶防水坏了", address="阳光星苑5号楼", hour=2 + hours)
    triage_order(order_id=first.pk)
    assert [item["id"] for item in triage_order(order_id=second.pk).duplicates] == [first.pk]


def test_an_order_registered_after_the_index_was_read_is_found(street, fake_model):
    fake_model("城乡建设 › 物业管理 › 物业服务", 0.9)
    triage_order(order_id=_order("星苑平房区门口垃圾堆了一周没人清", hour=7).pk)  # builds the index
    earlier = _order("阳光星苑5号楼电梯坏了三天，老人下不了楼", address="阳光星苑5号楼", hour=8)
    later = _order("阳光星苑5号楼电梯坏了三天了，老人没法下楼", address="阳光星苑5号楼", hour=9)

    result = triage_order(order_id=later.pk)  # `earlier` was never triaged: the catch-up adds it

    assert [item["id"] for item in result.duplicates] == [earlier.pk]


def test_an_order_merged_after_it_was_indexed_is_not_proposed(street, fake_model, dispatcher):
    fake_model("城乡建设 › 物业管理 › 物业服务", 0.9)
    master = _order("5号楼电梯坏了三天，老人下不了楼", address="阳光星苑5号楼", hour=8)
    merged = _order("5号楼电梯坏了三天了，老人没法下楼", address="阳光星苑5号楼", hour=9)
    triage_order(order_id=merged.pk)  # both are in the index now
    services.workorder_merge(order_id=merged.pk, master_id=master.pk, actor=dispatcher)
    third = _order("5号楼电梯坏了三天，老人下不去楼", address="阳光星苑5号楼", hour=11)

    result = triage_order(order_id=third.pk)

    assert [item["id"] for item in result.duplicates] == [master.pk]
    assert set(result.duplicates[0]) == {"id", "number", "status", "score"}


@pytest.mark.django_db(transaction=True)
def test_an_old_index_keeps_answering_while_a_fresh_one_is_built(street, fake_model, monkeypatch):
    fake_model("城乡建设 › 物业管理 › 物业服务", 0.9)
    first = _order("阳光星苑5号楼电梯坏了三天，老人下不了楼", address="阳光星苑5号楼", hour=8)
    triage_order(order_id=first.pk)  # builds the index
    old = running._state["finder"]
    monkeypatch.setattr(running, "REBUILD_SECONDS", -1)  # from now on the index is old
    gate = threading.Event()  # the background build waits here until the test has looked
    build = running._build

    def gated_build(params):
        if threading.current_thread() is not threading.main_thread():
            assert gate.wait(timeout=30)
        return build(params)

    monkeypatch.setattr(running, "_build", gated_build)
    second = _order("阳光星苑5号楼电梯坏了三天了，老人没法下楼", address="阳光星苑5号楼", hour=9)

    result = triage_order(order_id=second.pk)

    assert [item["id"] for item in result.duplicates] == [first.pk]  # answered by the old index
    rebuild = running._state["rebuild"]
    assert rebuild is not None and rebuild.is_alive() and running._state["finder"] is old
    gate.set()
    rebuild.join(timeout=30)
    monkeypatch.setattr(running, "REBUILD_SECONDS", 600)
    fresh = running._state["finder"]
    assert fresh is not old and running._state["rebuild"] is None and len(fresh) == 2  # swapped
    third = _order("阳光星苑5号楼电梯坏了三天，老人下不去楼", address="阳光星苑5号楼", hour=11)
    assert first.pk in [item["id"] for item in triage_order(order_id=third.pk).duplicates]
