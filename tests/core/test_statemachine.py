import pytest
from django.db import models

from jiesu.core.errors import TransitionNotAllowed
from jiesu.core.statemachine import Machine


class S(models.TextChoices):
    OPEN = "open", "待处理"
    DONE = "done", "已完成"


class A(models.TextChoices):
    FINISH = "finish", "完成"
    COMMENT = "comment", "留言"


MACHINE = Machine(S, A, {A.FINISH: ({S.OPEN}, S.DONE), A.COMMENT: ({S.OPEN, S.DONE}, None)}, noun="事项")


def test_targets_and_allowed_actions():
    assert MACHINE.target(A.FINISH, S.OPEN) == S.DONE
    assert MACHINE.target(A.COMMENT, S.DONE) == S.DONE  # None keeps the status
    assert MACHINE.allowed(S.DONE) == [A.COMMENT]


def test_a_forbidden_move_says_why_in_chinese():
    with pytest.raises(TransitionNotAllowed, match="事项当前状态为「已完成」，不能执行「完成」"):
        MACHINE.target(A.FINISH, S.DONE)


def test_a_table_naming_an_unknown_status_is_refused_at_import():
    with pytest.raises(ValueError):
        Machine(S, A, {A.FINISH: ({"lost"}, S.DONE)})
