"""Statuses and allowed transitions as one table per entity.

    WHISTLE = Machine(
        statuses=WhistleStatus,            # a TextChoices
        actions=WhistleAction,             # a TextChoices
        transitions={WhistleAction.CHECK_IN: ({WhistleStatus.SUMMONED}, WhistleStatus.ON_SITE), ...},
        noun="吹哨",
    )
    new_status = WHISTLE.target(action, status)   # or TransitionNotAllowed, in Chinese

A target of None keeps the status (an action that records something without moving it).
"""

from dataclasses import dataclass

from jiesu.core.errors import TransitionNotAllowed


@dataclass(frozen=True)
class Machine:
    statuses: type
    actions: type
    transitions: dict
    noun: str = ""

    def __post_init__(self) -> None:
        for action, (sources, target) in self.transitions.items():
            if action not in self.actions.values:
                raise ValueError(f"unknown action {action!r}")
            for status in (*sources, *([target] if target else [])):
                if status not in self.statuses.values:
                    raise ValueError(f"unknown status {status!r} in {action!r}")

    def is_allowed(self, action: str, status: str) -> bool:
        sources, _ = self.transitions[action]
        return status in sources

    def target(self, action: str, status: str) -> str:
        """The status after `action`, or a TransitionNotAllowed a user understands."""
        sources, target = self.transitions[action]
        if status not in sources:
            raise TransitionNotAllowed(
                f"{self.noun}当前状态为「{self.statuses(status).label}」，不能执行「{self.actions(action).label}」。"
            )
        return target or status

    def allowed(self, status: str) -> list[str]:
        return [action for action, (sources, _) in self.transitions.items() if status in sources]
