from tests.web.conftest import login, street  # noqa: F401 — the small two-sided street of the web tests
