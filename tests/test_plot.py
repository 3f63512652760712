"""wengert.plot: each plot makes a figure with the expected panels, lines and axes, and a reader
can trust it: nothing clipped, no empty cell, one legend, lines told apart, zeros not drawn."""

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import wengert as wg
from wengert.compare import Runs
from test_compare import make_run

SEVEN = ["sgd", "momentum", "nesterov", "adam", "rmsprop", "L-BFGS-B", "Newton-CG"]


@pytest.fixture
def runs():
    """Two problems x two methods x three starts, with geometric gaps."""
    return Runs([make_run(10.0 * rate ** np.arange(length) * (1 + 0.1 * start), problem=p,
                          method=m, start=start, lr=None if m == "L-BFGS-B" else 0.01)
                 for p in ("booth", "beale")
                 for m, rate, length in (("adam", 0.9, 60), ("L-BFGS-B", 0.3, 15))
                 for start in range(3)])


def seven_methods(problems=("beale",), starts=1):
    return Runs([make_run(10.0 * (0.5 + 0.05 * k) ** np.arange(40) * (1 + start), problem=p,
                          method=m, start=start)
                 for p in problems for k, m in enumerate(SEVEN) for start in range(starts)])


def panels(fig):
    """The figure's panels: not its colour bars, not the cells that hold the legend."""
    return [ax for ax in fig.axes
            if ax.get_visible() and ax.get_label() not in ("<colorbar>", "legend")]


def drawn(fig):
    """The figure drawn by Agg, and its renderer, to measure where things landed."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def inside(box, outer, slack=1.0):
    return (box.x0 >= outer.x0 - slack and box.y0 >= outer.y0 - slack
            and box.x1 <= outer.x1 + slack and box.y1 <= outer.y1 + slack)


def the_legend_count(fig):
    return len(fig.legends) + sum(ax.get_legend() is not None for ax in fig.axes)


def the_legend(fig):
    """The one legend of a figure: the figure's own, or the one in the grid's spare cells."""
    found = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    assert len(found) == 1
    return found[0]


# ---------------------------------------------------------------- convergence

def test_convergence_has_a_log_scaled_panel_per_problem(runs):
    fig = wg.plot.convergence(runs)
    axes = panels(fig)
    assert isinstance(fig, Figure)
    assert [ax.get_title() for ax in axes] == ["booth", "beale"]
    assert all(ax.get_yscale() == "log" for ax in axes)


def test_convergence_draws_one_line_per_method_with_a_band_for_several_starts(runs):
    ax = panels(wg.plot.convergence(runs))[0]
    assert [line.get_label() for line in ax.get_lines()] == ["adam", "L-BFGS-B"]
    assert len(ax.collections) == 2  # the 25-75% bands


def test_convergence_line_is_the_median_over_starts(runs):
    ax = panels(wg.plot.convergence(runs))[0]
    adam = ax.get_lines()[0]
    np.testing.assert_allclose(adam.get_ydata()[:3], 10.0 * 1.1 * 0.9 ** np.arange(3))


def test_convergence_bands_lie_under_every_line_and_lines_have_a_halo(runs):
    ax = panels(wg.plot.convergence(runs))[0]
    assert max(band.get_zorder() for band in ax.collections) < min(
        line.get_zorder() for line in ax.get_lines())
    assert all(band.get_alpha() <= 0.1 for band in ax.collections)
    assert all(line.get_path_effects() for line in ax.get_lines())


def test_convergence_against_evaluations_labels_its_axis(runs):
    ax = panels(wg.plot.convergence(runs, x="evaluations"))[0]
    assert ax.get_xlabel() == "function evaluations"


def test_convergence_refuses_an_unknown_axis(runs):
    with pytest.raises(ValueError, match="iteration"):
        wg.plot.convergence(runs, x="epochs")


def test_convergence_refuses_a_problem_or_method_without_runs_naming_those_it_has(runs):
    with pytest.raises(ValueError, match="no runs of problem 'bael'; the runs have 'booth', "
                                         "'beale'"):
        wg.plot.convergence(runs, problems=["bael"])
    with pytest.raises(ValueError, match="no runs of method 'sgd'"):
        wg.plot.convergence(runs, methods=["sgd"])
    with pytest.raises(ValueError, match="no runs to plot"):
        wg.plot.convergence(Runs([]))


def test_convergence_with_one_start_draws_no_band():
    single = Runs([make_run([1, 0.1, 0.01])])
    ax = panels(wg.plot.convergence(single))[0]
    assert (len(ax.get_lines()), len(ax.collections)) == (1, 0)


def test_a_gap_of_zero_ends_the_line_and_is_marked_on_the_bottom_edge():
    fig = wg.plot.convergence(Runs([make_run([1, 1e-3, 0.0, -1e-5], f_star=0.0)]))
    ax = panels(fig)[0]
    line, mark = ax.get_lines()
    np.testing.assert_array_equal(line.get_ydata(), [1, 1e-3, np.nan, 1e-5])
    assert (list(mark.get_xdata()), list(mark.get_ydata()), mark.get_marker()) == ([2], [0], "v")
    assert mark.get_transform() == ax.get_xaxis_transform()  # y in axes units: the bottom edge
    assert "reached f* exactly" in [t.get_text() for t in the_legend(fig).get_texts()][-1]


def test_convergence_axis_stops_above_the_largest_starting_gap_and_under_the_smallest():
    ax = panels(wg.plot.convergence(Runs([make_run([2, 1e30, 1e300, 1e-3])])))[0]
    assert ax.get_ylim() == pytest.approx((1e-3 / 3, 20))
    ax = panels(wg.plot.convergence(Runs([make_run([2, 1e-40], f_star=0.0)])))[0]
    assert ax.get_ylim()[0] == pytest.approx(wg.plot.GAP_FLOOR / 3)


def test_every_method_has_its_own_colour_and_dash_pattern():
    ax = panels(wg.plot.convergence(seven_methods()))[0]
    # matplotlib has no public getter for a line's dash pattern
    dashes = {line.get_label(): line._unscaled_dash_pattern for line in ax.get_lines()}
    colours = {line.get_label(): line.get_color() for line in ax.get_lines()}
    assert len(set(colours.values())) == 7
    assert len({str(dashes[m]) for m in ("momentum", "nesterov", "adam")}) == 3


def test_a_single_problem_figure_clips_neither_its_title_nor_its_legend():
    fig = wg.plot.convergence(seven_methods(starts=3), title="A title far longer than the "
                              "width of one panel, which has to wrap onto a second line")
    renderer = drawn(fig)
    assert inside(fig._suptitle.get_window_extent(renderer), fig.bbox)
    assert "\n" in fig._suptitle.get_text()
    assert inside(the_legend(fig).get_window_extent(renderer), fig.bbox)


def test_the_legend_fills_the_spare_cells_so_the_grid_has_no_empty_cell():
    fig = wg.plot.convergence(seven_methods(problems=("a", "b", "c", "d", "e")))
    renderer = drawn(fig)
    grid = panels(fig)[0].get_subplotspec().get_gridspec()
    slot = next(ax for ax in fig.axes if ax.get_label() == "legend")
    covered = sum((ax.get_subplotspec().colspan.stop - ax.get_subplotspec().colspan.start)
                  for ax in panels(fig) + [slot] if ax.get_subplotspec().rowspan.start == 1)
    assert covered == grid.ncols   # the second row: one panel and the legend's three cells
    legend = slot.get_legend().get_window_extent(renderer)
    assert inside(legend, fig.bbox)
    assert not any(legend.overlaps(ax.get_window_extent(renderer)) for ax in panels(fig))


def test_a_legend_too_big_for_the_spare_cell_goes_under_a_centred_last_row():
    many = Runs([make_run([1, 0.1], problem=p, method=f"method number {k}")
                 for p in "abcdefg" for k in range(40)])
    fig = wg.plot.convergence(many)                        # 7 panels: 4 + 3, one spare cell
    first, *_, last = [ax.get_subplotspec() for ax in panels(fig)[4:]]
    assert (first.colspan.start, last.colspan.stop) == (1, 7)   # centred in 8 half-columns
    assert fig.legends and inside(fig.legends[0].get_window_extent(drawn(fig)), fig.bbox)


def test_gaps_measured_to_the_best_value_say_so_on_every_axis_and_title(runs):
    for run in runs:
        run.reference = "f_best"
    fig = wg.plot.convergence(runs)
    assert all(ax.get_ylabel() == "|f - f_best|" for ax in panels(fig))
    assert "f - f_best" in fig._suptitle.get_text()
    lr = wg.plot.lr_sensitivity(runs)
    assert all(ax.get_ylabel() == "final |f - f_best|" for ax in panels(lr))
    assert "f - f_best" in lr._suptitle.get_text()


def test_a_figure_mixing_known_and_unknown_minima_labels_each_panel(runs):
    for run in runs:
        if run.problem == "beale":
            run.reference = "f_best"
    fig = wg.plot.convergence(runs)
    assert [ax.get_ylabel() for ax in panels(fig)] == ["|f - f*|", "|f - f_best|"]
    assert "(|f - f_best| where f* is unknown)" in fig._suptitle.get_text()
    only_booth = wg.plot.convergence(runs, problems=["booth"])
    assert only_booth._suptitle.get_text() == "Convergence: |f - f*| against iteration"


def test_figures_save_as_png(runs, tmp_path):
    wg.plot.convergence(runs).savefig(tmp_path / "c.png")
    assert (tmp_path / "c.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# ---------------------------------------------------------------- trajectories

def himmelblau_runs(methods=("adam", "sgd")):
    problem = wg.problems.himmelblau()
    t = np.linspace(0, 1, 20)[:, None]
    return problem, Runs([
        make_run(np.ones(20), problem="himmelblau", method=m, f_star=0.0,
                 path=(1 - t) * problem.x0 + t * problem.x_star[k % 4])
        for k, m in enumerate(methods)])


def test_trajectories_draw_a_path_per_method_the_start_and_every_minimizer(tmp_path):
    problem, runs = himmelblau_runs()
    fig = wg.plot.trajectories(problem, runs, resolution=40)
    ax = panels(fig)[0]
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["adam", "sgd", "start", "known minimizers"]
    assert len(ax.get_lines()[-1].get_xdata()) == 4
    fig.savefig(tmp_path / "t.png")


def test_trajectories_have_one_legend_outside_the_panels_with_start_and_minimizers():
    problem, runs = himmelblau_runs(SEVEN)
    fig = wg.plot.trajectories([problem, problem], runs, resolution=30)
    renderer = drawn(fig)
    assert all(ax.get_legend() is None for ax in panels(fig))
    legend = the_legend(fig)
    assert [t.get_text() for t in legend.get_texts()] == SEVEN + ["start", "known minimizers"]
    box = legend.get_window_extent(renderer)
    assert inside(box, fig.bbox)
    assert not any(box.overlaps(ax.get_window_extent(renderer)) for ax in fig.axes
                   if ax.get_label() != "legend")


def test_trajectories_colour_bar_is_ticked_at_decades():
    problem, runs = himmelblau_runs()
    fig = wg.plot.trajectories(problem, runs, resolution=40)
    bar = next(ax for ax in fig.axes if ax.get_label() == "<colorbar>")
    low, high = bar.get_ylim()
    ticks = [t for t in bar.get_yticks() if low <= t <= high]
    assert len(ticks) >= 3
    np.testing.assert_allclose(np.log10(ticks), np.round(np.log10(ticks)))


def test_trajectories_use_log_spaced_contour_levels():
    problem, runs = himmelblau_runs()
    fig = wg.plot.trajectories(problem, runs, resolution=40)
    levels = panels(fig)[0].collections[0].levels
    ratios = levels[1:] / levels[:-1]
    np.testing.assert_allclose(ratios, ratios[0])


def test_trajectories_of_a_problem_without_a_known_minimum_contour_from_the_grid_lowest():
    problem, runs = himmelblau_runs()
    problem.f_star, problem.x_star = None, None
    fig = wg.plot.trajectories(problem, runs, resolution=40)
    bar = next(ax for ax in fig.axes if ax.get_label() == "<colorbar>")
    assert bar.get_ylabel() == "f - (lowest f on this grid), log scale"
    assert "known minimizers" not in [t.get_text() for t in the_legend(fig).get_texts()]


def test_trajectories_refuse_a_problem_that_is_not_2d_or_no_problem():
    with pytest.raises(ValueError, match="2-D"):
        wg.plot.trajectories(wg.problems.sphere(dim=3), Runs([]))
    with pytest.raises(ValueError, match="at least one problem"):
        wg.plot.trajectories([], Runs([]))


def test_trajectories_without_anything_to_name_centre_the_last_row_instead_of_a_legend():
    problem = wg.problems.booth()
    problem.x_star = None
    fig = wg.plot.trajectories([problem] * 4, Runs([]), resolution=20)   # 3 + 1 panels
    assert the_legend_count(fig) == 0
    last = panels(fig)[-1].get_subplotspec()
    assert (last.colspan.start, last.colspan.stop) == (2, 4)   # centred in 6 half-columns


def test_trajectories_into_an_axes_of_ones_own_draws_there_and_leaves_the_legend_to_the_caller():
    problem, runs = himmelblau_runs()
    fig = Figure()
    ax = fig.add_subplot()
    assert wg.plot.trajectories(problem, runs, resolution=30, ax=ax) is fig
    assert ax.get_title() == "himmelblau" and ax.get_legend() is None and not fig.legends
    with pytest.raises(ValueError, match="one problem"):
        wg.plot.trajectories([problem, problem], runs, ax=ax)


# ---------------------------------------------------------------- learning-rate sensitivity

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
    ax = panels(fig)[0]
    adam = ax.get_lines()[0]
    np.testing.assert_allclose(adam.get_xdata(), np.logspace(-3, 0, 4))
    np.testing.assert_allclose(adam.get_ydata(), 10 * np.logspace(-3, 0, 4))
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")


def test_lr_sensitivity_marks_diverged_rates_and_chosen_rates():
    ax = panels(wg.plot.lr_sensitivity(tuned_runs()))[0]
    crosses = [line for line in ax.get_lines() if line.get_marker() == "x"]
    circles = [line for line in ax.get_lines() if line.get_markersize() == 11]
    assert [list(c.get_xdata()) for c in crosses] == [[1.0]]
    assert crosses[0].get_color() == ax.get_lines()[-3].get_color()  # sgd's
    assert [list(c.get_xdata()) for c in circles] == [[1e-3], [0.1]]


def test_lr_sensitivity_marks_each_rate_whose_final_gap_is_zero_on_the_bottom_edge():
    tuning = [make_run([10, gap], problem="a", method="sgd", lr=lr, phase="tune")
              for lr, gap in ((1e-3, 1.0), (1e-2, 0.0), (1e-1, 0.0), (1.0, 2.0))]
    ax = panels(wg.plot.lr_sensitivity(Runs([], tuning=tuning)))[0]
    line, marks = ax.get_lines()
    np.testing.assert_array_equal(line.get_ydata(), [1.0, np.nan, np.nan, 2.0])
    assert list(marks.get_xdata()) == [1e-2, 1e-1]
    assert marks.get_transform() == ax.get_xaxis_transform()


def test_lr_sensitivity_needs_runs_with_a_learning_rate():
    with pytest.raises(ValueError, match="learning rate"):
        wg.plot.lr_sensitivity(Runs([make_run([1, 0])]))
