"""Everything under tests/db needs the database: mark it `db`, so that
`make test-postgres` runs it against PostgreSQL too."""

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/tests/db/" in str(item.path):
            item.add_marker(pytest.mark.db)
