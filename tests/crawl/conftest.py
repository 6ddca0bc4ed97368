import pytest

from tests.generated_street import street_generate


@pytest.fixture
def generated(db):
    return street_generate()
