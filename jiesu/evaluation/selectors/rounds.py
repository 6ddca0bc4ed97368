"""Reading rounds and inspections, scoped by the evaluation policies."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from jiesu.accounts import access
from jiesu.evaluation.models import IndicatorSystem, Inspection, Round
from jiesu.evaluation.permissions import project_scope
from jiesu.evaluation.states import InspectionStatus, LedgerStatus
from jiesu.places.models import Compound
from jiesu.units.models import Unit


def indicator_system_current() -> IndicatorSystem | None:
    """The newest version: what a new round uses unless told otherwise."""
    return IndicatorSystem.objects.order_by("-version").first()


def round_list(*, user) -> QuerySet:
    return (
        access.scope(user, Round)
        .select_related("system")
        .annotate(
            submitted=Count(
                "inspections", filter=Q(inspections__status=InspectionStatus.SUBMITTED), distinct=True
            )
        )
        .order_by("-period_start", "-id")
    )


def round_get(*, user, round_id: int) -> Round:
    return access.scope(user, Round).select_related("system").get(pk=round_id)


@dataclass
class BoardRow:
    project: Unit
    compounds: list[str]
    inspection: Inspection | None
    items: int


def round_board(*, user, evaluation_round: Round) -> list[BoardRow]:
    """Each project the user may see, with its inspection in this round (or none yet)."""
    projects = list(
        project_scope(user).filter(is_active=True).select_related("parent").order_by("parent_id", "id")
    )
    inspections = {
        i.project_id: i
        for i in access.scope(user, Inspection)
        .filter(round=evaluation_round)
        .annotate(item_count=Count("items", filter=~Q(items__status=LedgerStatus.DISMISSED)))
    }
    compounds: dict[int, list[str]] = {}
    for project_id, name in Compound.objects.filter(property_project__in=projects).values_list(
        "property_project_id", "name"
    ):
        compounds.setdefault(project_id, []).append(name)
    return [
        BoardRow(
            project=project,
            compounds=compounds.get(project.pk, []),
            inspection=inspections.get(project.pk),
            items=getattr(inspections.get(project.pk), "item_count", 0),
        )
        for project in projects
    ]


def inspection_list(*, user) -> QuerySet:
    return access.scope(user, Inspection).select_related("round", "project", "evaluator")


def inspection_get(*, user, inspection_id: int) -> Inspection:
    return inspection_list(user=user).select_related("round__system", "project__parent").get(pk=inspection_id)


@dataclass
class SheetCategory:
    code: str
    name: str
    max_score: object
    deduction: object
    rows: list  # Score objects with .indicator


def inspection_sheet(*, inspection: Inspection) -> list[SheetCategory]:
    """The score sheet: categories in order, each with its indicators' scores."""
    categories: dict[int, SheetCategory] = {}
    for score in inspection.scores.select_related("indicator__category").order_by(
        "indicator__category__order", "indicator__category_id", "indicator__order", "indicator_id"
    ):
        category = score.indicator.category
        sheet = categories.setdefault(category.pk, SheetCategory(category.code, category.name, 0, 0, []))
        sheet.rows.append(score)
        sheet.max_score += score.indicator.max_score
        sheet.deduction += score.deduction
    return list(categories.values())


def inspection_places(*, inspection: Inspection) -> list[Compound]:
    """The compounds the inspected project manages (where findings may be), with buildings."""
    return list(
        Compound.objects.filter(property_project_id=inspection.project_id)
        .prefetch_related("buildings")
        .order_by("id")
    )
