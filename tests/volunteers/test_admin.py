"""The admin: the centre admin edits the teams and reads volunteers, records, pairings and the grid;
the register of residents in need is not in the admin (its names are shown only masked, on the pages)."""

import pytest

from jiesu.accounts.models import Role
from jiesu.grid import services as grid_services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PAGES = (
    "volunteers/team",
    "volunteers/volunteer",
    "volunteers/servicerecord",
    "volunteers/pairing",
    "volunteers/volunteerevent",
    "grid/gridgroup",
    "grid/gridmatter",
    "grid/gridevent",
)


def test_the_centre_admin_reads_the_lists_and_the_register_is_not_there(client, street):
    grid_services.group_create(
        actor=street.dispatcher, community=street.north, kind="safety", name="北湖安全群"
    )
    client.force_login(UserFactory(role=Role.CENTRE_ADMIN, is_staff=True))
    for page in PAGES:
        response = client.get(f"/admin/{page}/")
        assert response.status_code == 200, page
        assert "13812345678" not in response.content.decode()
    assert client.get("/admin/volunteers/resident/").status_code == 404
    assert client.get("/admin/volunteers/team/1/change/").status_code == 200
    client.force_login(street.community_user)
    assert client.get("/admin/volunteers/team/").status_code in (302, 403)
