"""Documents checked in worker processes: results in the order of the jobs, and each job run
with the cycle collector paused (and restored, whatever the job does)."""

from __future__ import annotations

import gc
import time

import pytest

from tenderlint.workers import GaveUp, paused_collector, run_jobs


def _collector_state(_job: int) -> bool:
    return gc.isenabled()


def test_jobs_run_with_the_collector_paused_and_restored() -> None:
    assert gc.isenabled()
    assert paused_collector(_collector_state, 0) is False
    assert gc.isenabled()

    def fails(_job: int) -> None:
        raise ValueError("a job that fails")

    with pytest.raises(ValueError):
        paused_collector(fails, 0)
    assert gc.isenabled()


@pytest.mark.parametrize("workers", [0, 2])
def test_results_come_back_in_job_order(workers: int) -> None:
    got = run_jobs([3, 1, 2], lambda j: (j * 10, gc.isenabled()), workers=workers, budget=None)
    assert got == [(30, False), (10, False), (20, False)]
    assert gc.isenabled()


def test_a_job_past_its_budget_is_stopped() -> None:
    def slow(j: int) -> int:
        if j == 1:
            time.sleep(5)  # a stand-in for a reader that runs away
        return j

    got = run_jobs([0, 1, 2], slow, workers=2, budget=1.0)
    assert got[0] == 0 and got[2] == 2
    assert isinstance(got[1], GaveUp)
