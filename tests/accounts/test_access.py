import pytest

from jiesu.accounts import access
from jiesu.accounts.models import Role
from jiesu.places.models import Street
from jiesu.workorders.models import WorkOrder
from tests.factories import CommunityUnitFactory, PropertyProjectFactory, UserFactory, WorkOrderFactory


@pytest.mark.django_db
def test_a_model_without_a_policy_is_a_programming_error_not_an_open_door():
    with pytest.raises(LookupError):
        access.can(UserFactory(role=Role.DISPATCHER), "view", Street)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.STATION_STAFF, Role.SECURITY_ADMIN, Role.AUDITOR])
def test_roles_outside_the_desk_see_no_orders(role):
    WorkOrderFactory()
    user = UserFactory(role=role)
    assert access.visibility(user).empty
    assert not access.scope(user, WorkOrder).exists()
    assert not access.can(user, "export", WorkOrder)


@pytest.mark.django_db
def test_visibility_of_a_property_company_covers_its_projects_and_a_grid_worker_their_community():
    project = PropertyProjectFactory()
    company_user = UserFactory(role=Role.PROPERTY, unit=project.parent)
    assert access.visibility(company_user).unit_ids == {project.parent_id, project.pk}
    community_unit = CommunityUnitFactory()
    grid = UserFactory(role=Role.GRID_WORKER, unit=community_unit)
    assert access.visibility(grid).community_id == community_unit.community_id


@pytest.mark.django_db
def test_the_order_policy_answers_create_for_the_centre_only():
    assert access.can(UserFactory(role=Role.DISPATCHER), "create", WorkOrder)
    assert not access.can(UserFactory(role=Role.LEADER), "create", WorkOrder)
    assert not access.can(UserFactory(role=Role.COMMUNITY, unit=CommunityUnitFactory()), "create", WorkOrder)
