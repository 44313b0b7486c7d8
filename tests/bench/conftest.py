"""Benchmarks run only when asked for with ``-m bench`` (``make bench``): ``make test``, CI
and ``-m "not e2e"`` runs skip them, since timings on a shared machine are not test results."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    markexpr = config.getoption("markexpr") or ""
    if "bench" in markexpr and "not bench" not in markexpr:
        return
    skip = pytest.mark.skip(reason="benchmark: run with `make bench`")
    for item in items:
        if item.get_closest_marker("bench"):
            item.add_marker(skip)
