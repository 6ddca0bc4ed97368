"""Statuses and the one transition table of a proactive project (主动治理项目), with who may take
each step (the owners of the step, as data: `ACTORS`).

    collecting 征集 ──submit──▶ reviewing 评审 ──approve──▶ approved 立项 ──start──▶ implementing 实施 ──accept──▶ accepted 验收
        ▲                          │  │                                          (milestones, photos, funding)
        └────────return────────────┘  └──reject──▶ rejected 未立项
    cancel (from collecting / reviewing / approved) ──▶ cancelled 已撤销
    milestone_overdue (节点逾期督办, by the deadline scan, once per milestone) while implementing
"""

from django.db import models

from jiesu.core.statemachine import Machine


class ProjectStatus(models.TextChoices):
    COLLECTING = "collecting", "征集"
    REVIEWING = "reviewing", "评审"
    APPROVED = "approved", "立项"
    IMPLEMENTING = "implementing", "实施"
    ACCEPTED = "accepted", "验收"
    REJECTED = "rejected", "未立项"
    CANCELLED = "cancelled", "已撤销"


class ProjectAction(models.TextChoices):
    SUBMIT = "submit", "提交评审"
    RETURN = "return", "退回补充"
    APPROVE = "approve", "批准立项"
    REJECT = "reject", "不予立项"
    START = "start", "开工实施"
    MILESTONE_ADD = "milestone_add", "计划节点"
    MILESTONE_DONE = "milestone_done", "完成节点"
    FUNDING = "funding", "调整资金"
    PHOTO = "photo", "上传照片"
    ACCEPT = "accept", "验收通过"
    CANCEL = "cancel", "撤销项目"
    MILESTONE_OVERDUE = "milestone_overdue", "节点逾期督办"  # the deadline scan only


P, A = ProjectStatus, ProjectAction
OPEN = frozenset({P.COLLECTING, P.REVIEWING, P.APPROVED, P.IMPLEMENTING})
FUNDED = frozenset({P.APPROVED, P.IMPLEMENTING, P.ACCEPTED})  # funding counted in the totals

PROJECT = Machine(
    statuses=ProjectStatus,
    actions=ProjectAction,
    transitions={
        A.SUBMIT: (frozenset({P.COLLECTING}), P.REVIEWING),
        A.RETURN: (frozenset({P.REVIEWING}), P.COLLECTING),
        A.APPROVE: (frozenset({P.REVIEWING}), P.APPROVED),
        A.REJECT: (frozenset({P.REVIEWING}), P.REJECTED),
        A.START: (frozenset({P.APPROVED}), P.IMPLEMENTING),
        A.MILESTONE_ADD: (frozenset({P.APPROVED, P.IMPLEMENTING}), None),
        A.MILESTONE_DONE: (frozenset({P.IMPLEMENTING}), None),
        A.FUNDING: (frozenset({P.COLLECTING, P.REVIEWING, P.APPROVED, P.IMPLEMENTING}), None),
        A.PHOTO: (OPEN | {P.ACCEPTED}, None),
        A.ACCEPT: (frozenset({P.IMPLEMENTING}), P.ACCEPTED),
        A.CANCEL: (frozenset({P.COLLECTING, P.REVIEWING, P.APPROVED}), P.CANCELLED),
        A.MILESTONE_OVERDUE: (frozenset({P.IMPLEMENTING}), None),
    },
    noun="该项目",
)

# Who owns each step: "proposer" = the community the project is in (while it is theirs to shape),
# "centre" = dispatcher / centre admin, "owner" = the unit carrying the project out (实施单位).
# The access policy reads this table; the leader only reads.
ACTORS: dict[str, frozenset[str]] = {
    A.SUBMIT: frozenset({"proposer", "centre"}),
    A.RETURN: frozenset({"centre"}),
    A.APPROVE: frozenset({"centre"}),
    A.REJECT: frozenset({"centre"}),
    A.START: frozenset({"owner", "centre"}),
    A.MILESTONE_ADD: frozenset({"owner", "centre"}),
    A.MILESTONE_DONE: frozenset({"owner", "centre"}),
    A.FUNDING: frozenset({"proposer", "centre"}),
    A.PHOTO: frozenset({"proposer", "owner", "centre"}),
    A.ACCEPT: frozenset({"centre"}),
    A.CANCEL: frozenset({"proposer", "centre"}),
    A.MILESTONE_OVERDUE: frozenset(),  # the system (the deadline scan), never a person
}
# the proposer may adjust funding and cancel only while the project is still being collected
PROPOSER_WHILE_COLLECTING = frozenset({A.FUNDING, A.CANCEL})
