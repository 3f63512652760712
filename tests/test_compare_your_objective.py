"""wg.compare on a user's own objective: functions, Problems, names, mixed; gaps to f_best."""

import csv

import numpy as np
import pytest

import wengert as wg
import wengert.numpy as wnp
from wengert.compare import Run, Runs
from wengert.problems import Problem


def quartic(x):
    """A smooth bowl whose minimum a user would not know offhand."""
    return wnp.sum((x - 1.0) ** 2) + 0.1 * wnp.sum(x ** 4) + wnp.sin(x[0])


X0 = [3.0, -2.0]


@pytest.fixture(scope="module")
def own_runs():
    """adam (tuned) and L-BFGS-B on the quartic from three starts."""
    return wg.compare(quartic, ["adam", "L-BFGS-B"], x0=X0, maxiter=60, n_starts=3,
                      progress=False)


def test_a_plain_function_is_compared_from_x0(own_runs):
    assert own_runs.problems == ["quartic"]
    assert np.array_equal(own_runs[0].x0, X0)


def test_tuning_is_the_default(own_runs):
    assert own_runs.tuning is not None and own_runs.tuned.keys() == {("quartic", "adam")}


def test_gaps_are_measured_to_the_best_value_any_run_reached(own_runs):
    best = min(float(r.fun.min()) for r in own_runs)
    assert all(r.f_star == best and r.reference == "f_best" for r in own_runs)
    assert min(r.best_gap for r in own_runs) == 0.0
    np.testing.assert_array_equal(own_runs[0].gap, own_runs[0].fun - best)


def test_tuning_runs_are_measured_to_the_best_value_the_tuning_runs_reached(own_runs):
    best = min(float(r.fun.min()) for r in own_runs.tuning)
    assert all(r.f_star == best and r.reference == "f_best" for r in own_runs.tuning)


def test_tuning_runs_do_not_stop_at_the_target_when_the_minimum_is_unknown(own_runs):
    # the best value is known only once every tuning run is done; budget max(20, 60 // 4)
    kept_going = [r for r in own_runs.tuning
                  if r.first_reaching(1e-6) is not None and r.first_reaching(1e-6) < 20]
    assert kept_going and all(len(r.fun) == 21 for r in kept_going)


def test_every_header_says_f_minus_f_best(own_runs, tmp_path):
    table = own_runs.table()
    assert "final f - f_best" in table.to_text() and "best f - f_best" in table.to_text()
    assert "| final f - f_best | best f - f_best |" in table.to_markdown()
    assert "f - f*" not in table.to_text() + table.to_markdown()
    table.to_csv(tmp_path / "table.csv")
    with open(tmp_path / "table.csv") as f:
        header = next(csv.reader(f))
    assert {"final f - f_best", "best f - f_best", "reference", "reference value"} <= set(header)


def test_the_legend_gives_the_best_value(own_runs):
    best = min(float(r.fun.min()) for r in own_runs)
    assert f"quartic {best:.10g}" in own_runs.table().to_text()


def test_the_reference_survives_json_and_csv(own_runs, tmp_path):
    own_runs.to_json(tmp_path / "runs.json")
    own_runs.to_csv(tmp_path / "runs.csv")
    for loaded in (Runs.from_json(tmp_path / "runs.json"), Runs.from_csv(tmp_path / "runs.csv")):
        assert [(r.reference, r.f_star) for r in loaded] == [(r.reference, r.f_star)
                                                              for r in own_runs]
        assert {r.reference for r in loaded.tuning} == {"f_best"}


def test_a_run_from_a_file_written_before_references_is_measured_to_f_star(own_runs):
    d = own_runs[0].to_dict()
    del d["reference"]
    assert Run.from_dict(d).reference == "f*"


def test_a_mixed_list_of_name_problem_and_function_is_compared_in_order():
    runs = wg.compare(["booth", Problem(quartic, [0.5, 0.5], name="mine"), quartic],
                      "L-BFGS-B", x0=X0, maxiter=30, progress=False)
    assert runs.problems == ["booth", "mine", "quartic"]
    assert [r.reference for r in runs] == ["f*", "f_best", "f_best"]
    table = runs.table()
    assert "| ref | final f - ref |" in table.to_markdown()
    assert [row["reference"] for row in table.rows] == ["f*", "f_best", "f_best"]


def test_each_problem_of_unknown_minimum_has_its_own_best():
    runs = wg.compare([Problem(quartic, X0, name="a"), Problem(lambda x: quartic(x) + 5.0, X0,
                                                                name="b")],
                      "L-BFGS-B", maxiter=30, progress=False)
    assert runs[1].f_star == pytest.approx(runs[0].f_star + 5.0)


def test_a_known_f_star_is_used_as_it_is():
    runs = wg.compare(Problem(quartic, X0, f_star=-100.0), "L-BFGS-B", maxiter=30,
                      progress=False)
    assert (runs[0].f_star, runs[0].reference) == (-100.0, "f*")


def test_a_single_name_and_a_single_method_need_no_list():
    runs = wg.compare("booth", "L-BFGS-B", maxiter=10, progress=False)
    assert [(r.problem, r.method) for r in runs] == [("booth", "L-BFGS-B")]


def test_derivative_free_methods_are_compared_without_a_gradient_tolerance():
    runs = wg.compare("booth", ["Nelder-Mead", "L-BFGS-B"], maxiter=200, progress=False)
    assert runs.table(target=1e-6).rows[0]["success"] == 1.0
