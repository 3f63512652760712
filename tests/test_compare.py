"""wengert.compare: the runs it makes, the table it prints, the files it writes, the executors."""

import math
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest

import wengert as wg
from wengert.compare import Method, Run, Runs, as_method
from wengert.jit import EagerFallback


def make_run(gaps, problem="p", method="m", start=0, f_star=1.0, lr=None, tuned=False,
             phase="main", nfev=None, seconds=None, path=None, diverged=False):
    """A run with a given history of gaps, evaluations 2 per iterate, 0.5 s per iterate."""
    gaps = np.asarray(gaps, dtype=float)
    n = len(gaps)
    return Run(problem=problem, method=method, base=method, tuned=tuned, start=start,
               hyperparameters={} if lr is None else {"lr": lr}, phase=phase, f_star=f_star,
               x0=np.zeros(2), x=np.ones(2), fun=gaps + f_star, grad_norm=np.sqrt(np.abs(gaps)),
               nfev=np.arange(1, 2 * n, 2) if nfev is None else np.asarray(nfev),
               seconds=0.5 * np.arange(n) if seconds is None else np.asarray(seconds),
               path=path, message="done", diverged=diverged)


@pytest.fixture
def two_start_runs():
    return Runs([make_run([10, 1, 1e-3, 1e-7, 1e-8], start=0),
                 make_run([10, 5, 2, 1, 0.5], start=1)])


# ---------------------------------------------------------------- methods

def test_a_name_is_a_method_labelled_by_itself():
    assert as_method("adam") == Method("adam", "adam", {})


def test_a_tuple_gives_label_method_and_hyperparameters():
    assert as_method(("fast adam", "adam", {"lr": 0.1})) == Method("fast adam", "adam",
                                                                    {"lr": 0.1})


def test_a_first_order_method_without_lr_is_tunable_and_one_with_lr_is_not():
    assert (as_method("adam").tunable, as_method(("a", "adam", {"lr": 0.1})).tunable,
            as_method("L-BFGS-B").tunable) == (True, False, False)


# ---------------------------------------------------------------- table numbers

def test_table_final_and_best_gap_are_medians_over_starts(two_start_runs):
    row = two_start_runs.table(target=1e-6).rows[0]
    assert row["final_gap"] == pytest.approx((1e-8 + 0.5) / 2)
    assert row["best_gap"] == pytest.approx((1e-8 + 0.5) / 2)


def test_table_success_is_the_fraction_of_starts_reaching_the_target(two_start_runs):
    assert two_start_runs.table(target=1e-6).rows[0]["success"] == 0.5
    assert two_start_runs.table(target=1.0).rows[0]["success"] == 1.0


def test_table_counts_to_target_come_from_the_first_iterate_reaching_it(two_start_runs):
    row = two_start_runs.table(target=1e-6).rows[0]
    assert (row["iterations"], row["evaluations"], row["seconds"]) == (3, 7, 1.5)


def test_table_counts_are_medians_over_the_successful_starts(two_start_runs):
    row = two_start_runs.table(target=1.0).rows[0]  # start 0 at iterate 1, start 1 at 3
    assert (row["iterations"], row["evaluations"], row["seconds"]) == (2, 5, 1.0)


def test_table_counts_are_nan_when_no_start_reaches_the_target(two_start_runs):
    row = two_start_runs.table(target=1e-12).rows[0]
    assert math.isnan(row["iterations"]) and row["success"] == 0.0


def test_best_gap_can_be_below_final_gap():
    runs = Runs([make_run([3, 1e-3, 2])])
    row = runs.table().rows[0]
    assert (row["best_gap"], row["final_gap"]) == (pytest.approx(1e-3), pytest.approx(2.0))


def test_a_run_past_the_minimum_value_does_not_count_as_reaching_the_target():
    run = make_run([3, 1e-9, -5.0], f_star=0.0)  # like McCormick, run away out of its box
    assert (run.first_reaching(1e-6), run.best_gap, run.final_gap) == (1, 1e-9, -5.0)


def test_a_run_that_blew_up_reports_its_last_finite_gap():
    run = make_run([3, 1, np.nan])
    assert run.final_gap == pytest.approx(1.0)


def test_table_has_one_row_per_problem_and_method_in_order():
    runs = Runs([make_run([1, 0], problem=p, method=m) for p in ("a", "b") for m in ("x", "y")])
    assert [(r["problem"], r["method"]) for r in runs.table().rows] == [
        ("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")]


def test_text_table_columns_are_aligned(two_start_runs):
    lines = str(two_start_runs.table()).splitlines()
    header, rule, row = lines[:3]
    assert len(header) == len(rule) >= len(row) and "final f - f*" in header


def test_markdown_table_has_a_header_rule_and_a_row_per_pair(two_start_runs):
    lines = two_start_runs.table().to_markdown().splitlines()
    assert lines[0].startswith("| problem | method |")
    assert set(lines[1]) <= set("|-:")
    assert lines[2].startswith("| p | m |") and "50%" in lines[2]


def test_success_is_the_last_iterate_within_target_and_reached_is_any_iterate():
    # beale/rmsprop before the split: 100% "success" with a final gap of 8.7e-3
    passes_through = make_run([10, 1e-8, 8.7e-3], start=0)
    stays = make_run([10, 1e-3, 1e-8], start=1)
    row = Runs([passes_through, stays]).table(target=1e-6).rows[0]
    assert (row["success"], row["reached"]) == (0.5, 1.0)
    assert (passes_through.succeeded(1e-6), stays.succeeded(1e-6)) == (False, True)


def test_a_run_that_blew_up_after_reaching_the_target_did_not_succeed():
    run = make_run([10, 1e-8, np.inf], diverged=True)
    assert (run.first_reaching(1e-6), run.succeeded(1e-6)) == (1, False)


def test_text_and_markdown_show_success_apart_from_reached(two_start_runs):
    text, markdown = str(two_start_runs.table()), two_start_runs.table().to_markdown()
    assert "success  reached" in text and "| success | reached |" in markdown


def _cells(line):
    """The cells of a Markdown table row: split on pipes that are not escaped."""
    import re
    return re.split(r"(?<!\\)\|", line.strip())[1:-1]


def test_markdown_table_is_valid_every_row_has_the_header_s_cells():
    runs = Runs([make_run([1, 0], method="a|b <c>"), make_run([1, 0], method="d")])
    lines = runs.table(target=1e-6).to_markdown().splitlines()
    table = lines[:lines.index("")]
    assert all(len(_cells(line)) == len(_cells(table[0])) for line in table)
    assert "a\\|b &lt;c>" in table[2]
    assert "|" not in "".join(_cells(table[0]))   # no pipe inside a header cell at all


def test_table_marks_a_tuned_learning_rate():
    runs = Runs([make_run([1, 0], lr=0.01, tuned=True)])
    assert "0.01*" in runs.table().to_markdown()


# ---------------------------------------------------------------- files

def assert_same_runs(a, b):
    assert len(a) == len(b)
    for r, s in zip(a, b):
        assert (r.problem, r.method, r.base, r.start, r.phase, r.tuned, r.message, r.diverged) == (
            s.problem, s.method, s.base, s.start, s.phase, s.tuned, s.message, s.diverged)
        assert r.hyperparameters == s.hyperparameters and r.f_star == s.f_star
        for name in ("fun", "grad_norm", "nfev", "seconds"):
            np.testing.assert_array_equal(getattr(r, name), getattr(s, name))
        if r.path is not None:
            np.testing.assert_array_equal(r.path, s.path)


@pytest.fixture
def varied_runs():
    path = np.array([[0.1, 0.2], [1 / 3, 2 / 3], [1.0, 1.0]])
    return Runs([make_run([10, 1 / 3, 1e-9], lr=1e-3, tuned=True, path=path),
                 make_run([10, np.inf, np.nan], method="n", start=1, diverged=True),
                 make_run([10, -1e-3, -2e-3], problem="q", f_star=-1.9)],
                tuning=[make_run([10, 5, 1], lr=0.1, phase="tune")])


def test_json_round_trip_keeps_every_history(varied_runs, tmp_path):
    varied_runs.to_json(tmp_path / "runs.json")
    loaded = Runs.from_json(tmp_path / "runs.json")
    assert_same_runs(loaded, varied_runs)
    assert_same_runs(loaded.tuning, varied_runs.tuning)


def test_json_file_is_standard_json_without_nan_or_infinity(varied_runs, tmp_path):
    import json
    varied_runs.to_json(tmp_path / "runs.json")
    text = (tmp_path / "runs.json").read_text()
    json.loads(text, parse_constant=lambda c: pytest.fail(f"non-standard constant {c}"))


def test_csv_round_trip_keeps_every_history(varied_runs, tmp_path):
    varied_runs.to_csv(tmp_path / "runs.csv")
    loaded = Runs.from_csv(tmp_path / "runs.csv")
    assert_same_runs(loaded, varied_runs)
    assert_same_runs(loaded.tuning, varied_runs.tuning)


def test_csv_has_one_row_per_iterate(varied_runs, tmp_path):
    varied_runs.to_csv(tmp_path / "runs.csv")
    lines = (tmp_path / "runs.csv").read_text().splitlines()
    assert len(lines) == 1 + 4 * 3


# ---------------------------------------------------------------- real comparisons

SMALL = dict(problems=["booth", "rosenbrock"],
             methods=["sgd", ("adam 0.1", "adam", {"lr": 0.1}), "L-BFGS-B", "Newton-CG"],
             maxiter=25, n_starts=2, seed=3, tune=False)


@pytest.fixture(scope="module")
def small_runs():
    return wg.compare(**SMALL)


def test_compare_runs_every_problem_method_and_start_in_order(small_runs):
    assert [(r.problem, r.method, r.start) for r in small_runs] == [
        (p, m, k) for p in ("booth", "rosenbrock")
        for m in ("sgd", "adam 0.1", "L-BFGS-B", "Newton-CG") for k in (0, 1)]


def test_the_first_start_is_the_customary_x0_and_every_method_shares_the_starts(small_runs):
    booth = wg.problems.booth()
    starts = {r.method: r.x0 for r in small_runs if r.problem == "booth" and r.start == 1}
    assert np.array_equal(small_runs[0].x0, booth.x0)
    assert all(np.array_equal(x, starts["sgd"]) for x in starts.values())
    assert np.all((booth.bounds[:, 0] <= starts["sgd"]) & (starts["sgd"] <= booth.bounds[:, 1]))


def test_random_starts_change_with_the_seed():
    a = wg.compare(["booth"], ["L-BFGS-B"], maxiter=1, n_starts=2, seed=3)[1].x0
    b = wg.compare(["booth"], ["L-BFGS-B"], maxiter=1, n_starts=2, seed=4)[1].x0
    assert not np.array_equal(a, b)


def test_history_is_the_one_minimize_records(small_runs):
    run = small_runs[2]  # booth, adam, start 0
    res = wg.minimize(wg.problems.booth().fun, run.x0, method="adam", lr=0.1, maxiter=25,
                      gtol=1e-8)
    np.testing.assert_array_equal(run.fun, res.history["fun"])
    np.testing.assert_array_equal(run.grad_norm, res.history["grad_norm"])
    np.testing.assert_array_equal(run.path, res.history["x"])


def test_a_first_order_run_costs_one_evaluation_per_iterate(small_runs):
    run = small_runs[0]  # booth, sgd
    assert run.nfev.tolist() == list(range(1, len(run.fun) + 1))


def test_newton_cg_is_charged_for_its_hessian_vector_products(small_runs):
    run = next(r for r in small_runs if r.method == "Newton-CG")
    assert run.nfev[-1] > len(run.fun) and np.all(np.diff(run.nfev) > 0)


def test_a_first_order_method_without_lr_gets_the_default(small_runs):
    from wengert.compare import DEFAULT_LR
    assert (small_runs[0].lr, small_runs[0].tuned) == (DEFAULT_LR["sgd"], False)


def test_every_first_order_method_of_optim_has_a_default_lr():
    from wengert.compare import DEFAULT_LR, FIRST_ORDER
    assert FIRST_ORDER == tuple(wg.optim.names()) and set(DEFAULT_LR) == set(FIRST_ORDER)


def test_labels_must_be_unique():
    with pytest.raises(ValueError, match="unique"):
        wg.compare(["booth"], ["adam", ("adam", "sgd", {})], maxiter=1)


@pytest.fixture(scope="module")
def tuned_runs():
    return wg.compare(["booth", "goldstein_price"], ["sgd", ("sgd 0.01", "sgd", {"lr": 0.01})],
                      maxiter=40, tune=True, lr_grid=(1e-4, 1e-3, 1e-2, 1e-1), tune_maxiter=40)


def test_tune_picks_the_rate_per_problem(tuned_runs):
    # booth's Hessian has eigenvalues 2 and 18: SGD is stable below 2/18, fastest just
    # under it; goldstein_price's gradients are 1e4 at the start, so only 1e-4 survives.
    assert tuned_runs.tuned == {("booth", "sgd"): 0.1, ("goldstein_price", "sgd"): 1e-4}


def test_tune_tries_every_rate_of_the_grid_for_tunable_methods_only(tuned_runs):
    assert sorted((r.problem, r.lr) for r in tuned_runs.tuning) == sorted(
        (p, lr) for p in ("booth", "goldstein_price") for lr in (1e-4, 1e-3, 1e-2, 1e-1))


def test_tune_marks_diverged_rates(tuned_runs):
    diverged = {r.lr for r in tuned_runs.tuning if r.problem == "goldstein_price" and r.diverged}
    assert diverged == {1e-3, 1e-2, 1e-1}


def test_table_reports_the_tuned_rate(tuned_runs):
    rows = {(r["problem"], r["method"]): r for r in tuned_runs.table().rows}
    assert (rows["booth", "sgd"]["lr"], rows["booth", "sgd"]["tuned"]) == (0.1, True)
    assert (rows["booth", "sgd 0.01"]["lr"], rows["booth", "sgd 0.01"]["tuned"]) == (0.01, False)


def test_json_round_trip_of_a_real_comparison(tuned_runs, tmp_path):
    tuned_runs.to_json(tmp_path / "runs.json")
    loaded = Runs.from_json(tmp_path / "runs.json")
    assert_same_runs(loaded, tuned_runs)
    assert loaded.tuned == tuned_runs.tuned


# ---------------------------------------------------------------- executors

def assert_same_except_timings(a, b):
    assert len(a) == len(b)
    for r, s in zip(a, b):
        assert (r.problem, r.method, r.start, r.hyperparameters, r.message) == (
            s.problem, s.method, s.start, s.hyperparameters, s.message)
        for name in ("x0", "x", "fun", "grad_norm", "nfev", "path"):
            np.testing.assert_array_equal(getattr(r, name), getattr(s, name))


def test_a_process_pool_gives_the_serial_numbers(small_runs):
    with ProcessPoolExecutor(2) as executor:
        pooled = wg.compare(**SMALL, executor=executor)
    assert_same_except_timings(pooled, small_runs)


def test_a_dask_cluster_gives_the_serial_numbers(small_runs, dask_cluster):
    import distributed
    with distributed.Client(dask_cluster) as client:
        on_dask = wg.compare(**SMALL, executor=client.get_executor())
    assert_same_except_timings(on_dask, small_runs)


def test_ctrl_c_ends_the_comparison_and_keeps_the_finished_runs():
    import dataclasses

    import wengert.numpy as wnp
    calls = {"n": 0}

    def fun(x):  # Ctrl-C arrives during the second method's run
        calls["n"] += 1
        if calls["n"] == 40:
            raise KeyboardInterrupt
        return wnp.sum(x ** 2)

    # fun counts its calls, a Python side effect that wg.jit runs only while tracing:
    # these runs are eager (minimize's jit=False, passed as a method's keyword)
    problem = dataclasses.replace(wg.problems.get("sphere"), fun=fun)
    eager = {"jit": False}
    runs = wg.compare([problem], [("L-BFGS-B", "L-BFGS-B", eager),
                                  ("gd", "sgd", {"lr": 0.01, **eager}), ("adam", "adam", eager)],
                      maxiter=100, tune=False, progress=False)
    assert runs.interrupted
    assert [r.method for r in runs] == ["L-BFGS-B", "gd"]   # adam never started
    assert "interrupted" in runs[1].message
    assert 0 < len(runs[1].fun) < 100                      # the interrupted run as far as it got
    assert runs[1].fun[-1] < runs[1].fun[0]


def test_ctrl_c_in_a_worker_ends_the_comparison_and_keeps_the_finished_runs():
    import dataclasses
    from concurrent.futures import ThreadPoolExecutor

    import wengert.numpy as wnp

    checked = []

    def fun(x):  # one start's run is interrupted (not compare's check of it); the others finish
        if abs(float(wg.raw(x)[0]) - 3.0) < 1e-12 and float(wg.raw(x)[1]) == 3.0:
            if checked:
                raise KeyboardInterrupt
            checked.append(True)
        return wnp.sum(x ** 2)

    problem = dataclasses.replace(wg.problems.get("sphere"), fun=fun)
    # float() of a traced value: wg.jit cannot compile fun, and compare says so once
    with ThreadPoolExecutor(1) as executor, pytest.warns(EagerFallback, match="runs eagerly"):
        runs = wg.compare([problem], ["L-BFGS-B"], maxiter=50, n_starts=3, executor=executor,
                          progress=False)
    assert runs.interrupted
    assert len(runs) >= 1 and all(r.method == "L-BFGS-B" for r in runs)
    assert any("interrupted" in r.message for r in runs)
