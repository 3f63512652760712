"""wengert.plot: each plot makes a figure with the expected panels, lines and axes, and saves."""

import numpy as np
import pytest
from matplotlib.figure import Figure

import wengert as wg
from wengert.compare import Runs
from test_compare import make_run


@pytest.fixture
def runs():
    """Two problems x two methods x three starts, with geometric gaps."""
    return Runs([make_run(10.0 * rate ** np.arange(length) * (1 + 0.1 * start), problem=p,
                          method=m, start=start, lr=None if m == "L-BFGS-B" else 0.01)
                 for p in ("booth", "beale")
                 for m, rate, length in (("adam", 0.9, 60), ("L-BFGS-B", 0.3, 15))
                 for start in range(3)])


def visible_axes(fig):
    return [ax for ax in fig.axes if ax.get_visible() and ax.get_label() != "<colorbar>"]


def test_convergence_has_a_log_scaled_panel_per_problem(runs):
    fig = wg.plot.convergence(runs)
    axes = visible_axes(fig)
    assert isinstance(fig, Figure)
    assert [ax.get_title() for ax in axes] == ["booth", "beale"]
    assert all(ax.get_yscale() == "log" for ax in axes)


def test_convergence_draws_one_line_per_method_with_a_band_for_several_starts(runs):
    ax = visible_axes(wg.plot.convergence(runs))[0]
    assert [line.get_label() for line in ax.get_lines()] == ["adam", "L-BFGS-B"]
    assert len(ax.collections) == 2  # the 25-75% bands


def test_convergence_line_is_the_median_over_starts(runs):
    ax = visible_axes(wg.plot.convergence(runs))[0]
    adam = ax.get_lines()[0]
    np.testing.assert_allclose(adam.get_ydata()[:3], 10.0 * 1.1 * 0.9 ** np.arange(3))


def test_convergence_against_evaluations_labels_its_axis(runs):
    ax = visible_axes(wg.plot.convergence(runs, x="evaluations"))[0]
    assert ax.get_xlabel() == "function evaluations"


def test_convergence_refuses_an_unknown_axis(runs):
    with pytest.raises(ValueError, match="iteration"):
        wg.plot.convergence(runs, x="epochs")


def test_convergence_with_one_start_draws_no_band():
    single = Runs([make_run([1, 0.1, 0.01])])
    ax = visible_axes(wg.plot.convergence(single))[0]
    assert (len(ax.get_lines()), len(ax.collections)) == (1, 0)


def test_convergence_draws_absolute_gaps_with_zero_at_the_floor():
    ax = visible_axes(wg.plot.convergence(Runs([make_run([1, 0.0, -1e-3], f_star=0.0)])))[0]
    np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(), [1, wg.plot.GAP_FLOOR, 1e-3])


def test_convergence_axis_stops_above_the_largest_starting_gap():
    ax = visible_axes(wg.plot.convergence(Runs([make_run([2, 1e30, 1e300])])))[0]
    assert ax.get_ylim()[1] == 20


def test_figures_save_as_png(runs, tmp_path):
    wg.plot.convergence(runs).savefig(tmp_path / "c.png")
    assert (tmp_path / "c.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def himmelblau_runs():
    problem = wg.problems.himmelblau()
    t = np.linspace(0, 1, 20)[:, None]
    return problem, Runs([
        make_run(np.ones(20), problem="himmelblau", method=m, f_star=0.0,
                 path=(1 - t) * problem.x0 + t * problem.x_star[k])
        for k, m in enumerate(["adam", "sgd"])])


def test_trajectories_draw_a_path_per_method_the_start_and_every_minimizer(tmp_path):
    problem, runs = himmelblau_runs()
    fig = wg.plot.trajectories(problem, runs, resolution=40)
    ax = visible_axes(fig)[0]
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["adam (19 it.)", "sgd (19 it.)", "start", "minimizers"]
    assert len(ax.get_lines()[-1].get_xdata()) == 4
    fig.savefig(tmp_path / "t.png")


def test_trajectories_use_log_spaced_contour_levels():
    problem, runs = himmelblau_runs()
    fig = wg.plot.trajectories(problem, runs, resolution=40)
    levels = visible_axes(fig)[0].collections[0].levels
    ratios = levels[1:] / levels[:-1]
    np.testing.assert_allclose(ratios, ratios[0])


def test_trajectories_refuse_a_problem_that_is_not_2d():
    with pytest.raises(ValueError, match="2-D"):
        wg.plot.trajectories(wg.problems.sphere(dim=3), Runs([]))


def tuned_runs():
    lrs = np.logspace(-3, 0, 4)
    tuning = [make_run([10, 10 * lr], problem=p, method="adam", lr=lr, phase="tune")
              for p in ("a", "b") for lr in lrs]
    tuning += [make_run([10, 1e-6 / lr], problem=p, method="sgd", lr=lr, phase="tune",
                        diverged=lr == 1) for p in ("a", "b") for lr in lrs]
    main = [make_run([10, 0.01], problem=p, method=m, lr=lr, tuned=True)
            for p in ("a", "b") for m, lr in (("adam", lrs[0]), ("sgd", lrs[2]))]
    return Runs(main, tuning=tuning)


def test_lr_sensitivity_plots_final_gap_against_lr_on_log_axes():
    fig = wg.plot.lr_sensitivity(tuned_runs())
    ax = visible_axes(fig)[0]
    adam = ax.get_lines()[0]
    np.testing.assert_allclose(adam.get_xdata(), np.logspace(-3, 0, 4))
    np.testing.assert_allclose(adam.get_ydata(), 10 * np.logspace(-3, 0, 4))
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")


def test_lr_sensitivity_marks_diverged_rates_and_chosen_rates():
    ax = visible_axes(wg.plot.lr_sensitivity(tuned_runs()))[0]
    sgd_crosses = [line for line in ax.get_lines() if line.get_marker() == "x"][1]
    circles = [line for line in ax.get_lines() if line.get_markersize() == 11]
    assert list(sgd_crosses.get_xdata()) == [1.0]
    assert [list(c.get_xdata()) for c in circles] == [[1e-3], [0.1]]


def test_lr_sensitivity_needs_runs_with_a_learning_rate():
    with pytest.raises(ValueError, match="learning rate"):
        wg.plot.lr_sensitivity(Runs([make_run([1, 0])]))
