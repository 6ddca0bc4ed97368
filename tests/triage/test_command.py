"""`jiesu triage predict` prints JSON; `train` stores an active version (needs the core classifier)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from jiesu.triage.models import ModelVersion
from jiesu.workorders.models import Category
from jiesu.workorders.states import Status
from tests.factories import WorkOrderFactory


def test_predict_prints_place_urgency_and_unit_as_json(street):
    out = StringIO()
    call_command("triage", "predict", "楼道里有燃气味", "--address", "阳光星苑小区五号楼3单元502", stdout=out)
    data = json.loads(out.getvalue())
    assert data["place"]["compound"] == "阳光星苑" and data["place"]["building"] == "5"
    assert (data["place"]["entrance"], data["place"]["room"]) == ("3", "502")
    assert data["urgency"] == {"level": "critical", "reasons": ["疑似燃气泄漏"]}
    assert data["model_version"] is None and data["model_error"]


def test_train_refuses_too_few_samples(street):
    with pytest.raises(CommandError, match="训练样本不足"):
        call_command("triage", "train", "--min-samples", "10", stdout=StringIO())


def test_train_creates_an_active_version_that_predict_uses(street):
    pytest.importorskip("jiesu.triage.core.classifier")
    lamps = Category.objects.get(name="路灯")
    service = Category.objects.get(name="物业服务")
    for i in range(30):
        WorkOrderFactory(
            content=f"路灯不亮了，晚上很黑 {i}", title="路灯不亮", category=lamps, status=Status.CLOSED
        )
        WorkOrderFactory(
            content=f"物业服务太差，保安不管事 {i}",
            title="物业服务差",
            category=service,
            status=Status.CLOSED,
        )

    call_command("triage", "train", "--min-samples", "20", stdout=StringIO())

    version = ModelVersion.objects.get(is_active=True)
    assert version.trained_on == 60 and len(version.labels) == 2 and version.evaluation
    out = StringIO()
    call_command("triage", "predict", "小区门口路灯不亮", stdout=out)
    data = json.loads(out.getvalue())
    assert data["model_version"] == version.version
    assert data["category"]["path"] == lamps.path
