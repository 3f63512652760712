"""Fixtures shared by test files."""

import pytest


@pytest.fixture(scope="session")
def dask_cluster():
    """A local dask cluster of two worker processes, started once for every test that needs one."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        yield cluster
