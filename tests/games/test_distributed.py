"""The same chunks on a Dask cluster (a LocalCluster here) give the local values."""

from __future__ import annotations

import numpy as np
from distributed import Client, LocalCluster

from corridor.execution import RunSettings
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
        distributed = coalition_values(model, run=RunSettings(scheduler=client), chunk_size=16)
        by_address = coalition_values(model, run=RunSettings(scheduler=cluster.scheduler_address))
    np.testing.assert_allclose(distributed.values, local.values, rtol=0, atol=1e-9)
    np.testing.assert_allclose(by_address.values, local.values, rtol=0, atol=1e-9)
    assert distributed.lp_solves == local.lp_solves


def test_dask_worker_processes_give_the_local_bytes() -> None:
    """Two worker processes (1 thread each): the recipe is pickled to each, chunks run in
    whichever process is free; exact values and a sampled estimate are the local bytes."""
    from corridor.games import sample_shapley

    model = MarketModel(transit_network(10, seed=3))
    local = coalition_values(model, chunk_size=32)
    sampled = sample_shapley(model, seed=4, max_permutations=40, batch=20,
                             variance_reduction="antithetic")  # fmt: skip
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        assert len(client.scheduler_info()["workers"]) == 2
        remote = coalition_values(model, run=RunSettings(scheduler=client), chunk_size=32)
        remote_sampled = sample_shapley(
            model, seed=4, max_permutations=40, batch=20, run=RunSettings(scheduler=client),
            variance_reduction="antithetic",
        )  # fmt: skip
    assert remote.values.tobytes() == local.values.tobytes()
    assert remote.lp_solves == local.lp_solves
    assert remote_sampled.value.to_numpy().tobytes() == sampled.value.to_numpy().tobytes()
