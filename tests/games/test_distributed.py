"""The same chunks on a Dask cluster (a LocalCluster here) give the local values."""

from __future__ import annotations

import numpy as np
from distributed import Client, LocalCluster

from corridor.games import coalition_values
from corridor.games.synthetic import transit_network
from corridor.market import MarketModel


def test_dask_local_cluster_equals_local_run() -> None:
    model = MarketModel(transit_network(9, seed=7))
    local = coalition_values(model)
    with (
        LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        distributed = coalition_values(model, scheduler=client, chunk_size=16)
        by_address = coalition_values(model, scheduler=cluster.scheduler_address)
    np.testing.assert_allclose(distributed.values, local.values, rtol=0, atol=1e-9)
    np.testing.assert_allclose(by_address.values, local.values, rtol=0, atol=1e-9)
    assert distributed.lp_solves == local.lp_solves
