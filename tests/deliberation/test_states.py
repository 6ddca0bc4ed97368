"""The transition tables: what each status allows, and the admin shows programmes read-only with
representatives' names left out."""

import pytest
from django.urls import reverse

from jiesu.core.errors import TransitionNotAllowed
from jiesu.deliberation import services
from jiesu.deliberation.states import MEETING, TASK, TOPIC, MeetingStatus, TaskStatus, TopicStatus


def test_each_status_allows_exactly_its_steps():
    assert MEETING.allowed(MeetingStatus.PLANNED) == ["hold", "cancel"]
    assert MEETING.allowed(MeetingStatus.HELD) == ["decide", "publish"]
    assert MEETING.allowed(MeetingStatus.PUBLISHED) == []
    assert TASK.allowed(TaskStatus.OPEN) == ["report", "link", "cancel", "urge"]
    assert TASK.allowed(TaskStatus.REPORTED) == ["report", "confirm", "send_back", "link", "cancel", "urge"]
    assert TASK.allowed(TaskStatus.SOLVED) == ["link"]
    assert TASK.allowed(TaskStatus.CANCELLED) == []
    assert TOPIC.allowed(TopicStatus.DISCUSSED) == []
    with pytest.raises(TransitionNotAllowed, match="议定事项当前状态为「已解决」，不能执行「退回继续办」"):
        TASK.target("send_back", TaskStatus.SOLVED)


@pytest.mark.django_db
def test_the_admin_lists_without_names(client, street):
    services.representative_add(
        programme_id=street.programme.pk, actor=street["community"], name="王秀兰", phone="13900001111",
        term_start=street.programme.started_on,
    )  # fmt: skip
    client.force_login(street["centre_admin"])
    page = client.get(reverse("admin:deliberation_representative_changelist")).content.decode()
    assert "王**" in page and "王秀兰" not in page and "13900001111" not in page
    assert client.get(reverse("admin:deliberation_programme_changelist")).status_code == 200
    assert client.get(reverse("admin:deliberation_programme_add")).status_code == 403
