"""`wengert compare` and `wengert problems` from the command line."""

import csv

import pytest

from wengert.cli import main
from wengert.cli.compare import parse_method


def test_problems_lists_every_test_function(capsys):
    from wengert import problems
    assert main(["problems"]) == 0
    out = capsys.readouterr().out
    assert all(f"\n{name} " in out for name in problems.names())


def test_problems_with_a_name_prints_its_formula_and_source(capsys):
    assert main(["problems", "beale"]) == 0
    out = capsys.readouterr().out
    assert "(1.5 - x + xy)^2" in out and "Source" in out


def test_problems_with_an_unknown_name_exits_with_2(capsys):
    assert main(["problems", "banana"]) == 2
    assert "unknown test function" in capsys.readouterr().out


def test_a_method_name_alone_has_no_hyperparameters():
    assert parse_method("L-BFGS-B") == ("L-BFGS-B", "L-BFGS-B", {})


def test_method_hyperparameters_are_python_literals():
    assert parse_method("adam:lr=0.01,betas=(0.8, 0.99),amsgrad=True") == (
        "adam:lr=0.01,betas=(0.8, 0.99),amsgrad=True", "adam",
        {"lr": 0.01, "betas": (0.8, 0.99), "amsgrad": True})


def test_a_hyperparameter_without_a_value_is_refused():
    with pytest.raises(ValueError, match="key=value"):
        parse_method("adam:lr")


def test_compare_with_an_unknown_problem_exits_with_2(tmp_path, capsys):
    assert main(["compare", "--problems", "banana", "--out", str(tmp_path)]) == 2


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory):
    """A small `wengert compare`, serial, with tuning; its output directory and stdout."""
    import contextlib
    import io
    out = tmp_path_factory.mktemp("results")
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        code = main(["compare", "--problems", "booth", "rosenbrock-3d", "--methods", "sgd",
                     "adam:lr=0.1", "L-BFGS-B", "--maxiter", "30", "--workers", "1",
                     "--out", str(out)])
    return code, out, stdout.getvalue()


def test_compare_exits_with_0(cli_run):
    assert cli_run[0] == 0


def test_compare_writes_plots_tables_and_histories(cli_run):
    _, out, _ = cli_run
    assert sorted(p.name for p in out.iterdir()) == sorted([
        "convergence.png", "convergence-evaluations.png", "convergence-seconds.png",
        "trajectories.png", "lr-sensitivity.png", "table.md", "table.csv", "runs.csv",
        "runs.json"])
    assert all((out / name).read_bytes()[:4] == b"\x89PNG" for name in
               ("convergence.png", "trajectories.png", "lr-sensitivity.png"))


def test_compare_prints_the_table_with_a_row_per_pair(cli_run):
    _, _, stdout = cli_run
    rows = [line for line in stdout.splitlines() if line.startswith(("booth ", "rosenbrock-3d "))]
    assert len(rows) == 6 and "adam:lr=0.1" in stdout


def test_compare_table_csv_has_a_row_per_pair(cli_run):
    _, out, _ = cli_run
    with open(out / "table.csv") as f:
        rows = list(csv.DictReader(f))
    assert [(r["problem"], r["method"]) for r in rows] == [
        (p, m) for p in ("booth", "rosenbrock-3d") for m in ("sgd", "adam:lr=0.1", "L-BFGS-B")]


def test_compare_markdown_shows_the_table_and_the_plots(cli_run):
    _, out, _ = cli_run
    text = (out / "table.md").read_text()
    assert "| booth | sgd |" in text and "![convergence](convergence.png)" in text


def test_compare_histories_load_back(cli_run):
    from wengert.compare import Runs
    _, out, _ = cli_run
    assert len(Runs.from_csv(out / "runs.csv")) == 6
    assert Runs.from_json(out / "runs.json").tuned.keys() == {("booth", "sgd"),
                                                               ("rosenbrock-3d", "sgd")}
