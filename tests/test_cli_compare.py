"""`wengert compare` and `wengert problems` from the command line."""

import csv

import numpy as np

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


def test_problems_with_an_unknown_name_exits_with_2_and_one_line_on_stderr(capsys):
    assert main(["problems", "banana"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1 and "unknown test function" in err


def test_a_method_name_alone_has_no_hyperparameters():
    assert parse_method("L-BFGS-B") == ("L-BFGS-B", "L-BFGS-B", {})


def test_method_hyperparameters_are_python_literals():
    assert parse_method("adam:lr=0.01,betas=(0.8, 0.99),amsgrad=True") == (
        "adam:lr=0.01,betas=(0.8, 0.99),amsgrad=True", "adam",
        {"lr": 0.01, "betas": (0.8, 0.99), "amsgrad": True})


def test_a_hyperparameter_without_a_value_is_refused():
    with pytest.raises(ValueError, match="key=value"):
        parse_method("adam:lr")




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


def test_compare_markdown_is_a_valid_table(cli_run):
    import re
    _, out, _ = cli_run
    lines = (out / "table.md").read_text().splitlines()
    table = [line for line in lines if line.startswith("|")]
    cells = [len(re.split(r"(?<!\\)\|", line)) for line in table]
    assert len(table) == 2 + 6 and len(set(cells)) == 1
    assert table[0] == ("| problem | method | lr | starts | final f - f* | best f - f* | success "
                        "| reached | iterations | evaluations | seconds |")


def test_compare_shows_success_apart_from_reached(cli_run):
    _, out, stdout = cli_run
    assert "success  reached" in stdout
    with open(out / "table.csv") as f:
        row = next(csv.DictReader(f))
    assert {"success", "reached", "final f - f*", "reference"} <= set(row)


def test_compare_histories_load_back(cli_run):
    from wengert.compare import Runs
    _, out, _ = cli_run
    assert len(Runs.from_csv(out / "runs.csv")) == 6
    assert Runs.from_json(out / "runs.json").tuned.keys() == {("booth", "sgd"),
                                                               ("rosenbrock-3d", "sgd")}


# ---------------------------------------------------------------- your own objective

OBJECTIVE = '''\
import wengert.numpy as wnp
from helper import SHIFT          # a module next to the file: importable, as for python FILE.py

x0 = [3.0, -2.0, 0.5]


def loss(x):
    return wnp.sum((x - SHIFT) ** 2) + 0.1 * x[2] ** 4


def broken(x):
    return wnp.sum(x) + undefined_name


if __name__ == "__main__":
    print("the main block ran")
'''


@pytest.fixture
def own_file(tmp_path):
    """A user's objective in a folder of its own, with a helper module beside it."""
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "helper.py").write_text("SHIFT = 1.0\n")
    (folder / "objective.py").write_text(OBJECTIVE)
    return folder / "objective.py"


def cli(capsys, *argv):
    """``(exit code, stdout, stderr)`` of ``wengert *argv``, argparse's exits included."""
    try:
        code = main(list(argv))
    except SystemExit as stop:
        code = stop.code
    out, err = capsys.readouterr()
    return code, out, err


def test_compare_file_function_with_x0(own_file, tmp_path, capsys):
    out = tmp_path / "out"
    code, stdout, err = cli(capsys, "compare", f"{own_file}:loss", "--x0", "2,2,2", "--methods",
                            "L-BFGS-B", "adam", "--maxiter", "40", "--workers", "1",
                            "--out", str(out))
    assert code == 0, err
    assert "final f - f_best" in stdout and "the main block ran" not in stdout
    with open(out / "table.csv") as f:
        rows = list(csv.DictReader(f))
    assert [(r["problem"], r["reference"]) for r in rows] == [("loss", "f_best")] * 2
    from wengert.compare import Runs
    runs = Runs.from_json(out / "runs.json")
    assert runs[0].x0.tolist() == [2.0, 2.0, 2.0] and runs[0].reference == "f_best"


def test_compare_file_function_starts_from_the_file_s_x0(own_file, tmp_path, capsys):
    code, _, err = cli(capsys, "compare", f"{own_file}:loss", "--methods", "L-BFGS-B",
                       "--maxiter", "20", "--workers", "1", "--out", str(tmp_path / "out"))
    from wengert.compare import Runs
    assert code == 0, err
    assert Runs.from_json(tmp_path / "out" / "runs.json")[0].x0.tolist() == [3.0, -2.0, 0.5]


def test_a_file_function_pickles_as_its_source_and_runs_where_the_file_is_not(own_file):
    import pickle

    from wengert.cli import objective
    problem = objective.read_objective(f"{own_file}:loss")
    data = pickle.dumps(problem)
    own_file.unlink()                      # a worker on another machine has no such file
    objective._LOADED.clear()              # nor the module loaded
    again = pickle.loads(data)
    assert float(again.fun(np.ones(3))) == pytest.approx(0.1)


def test_compare_help_documents_the_x0_syntax(capsys):
    code, out, _ = cli(capsys, "compare", "--help")
    text = " ".join(out.split())
    assert code == 0
    assert "wengert compare FILE.py:FUNCTION --x0 1,2" in text
    assert "--x0=-1.2,1" in text and "x0 = [...]" in text


def test_version(capsys):
    from wengert.cli import version
    code, out, _ = cli(capsys, "--version")
    assert code == 0 and out.strip() == f"wengert {version()}" and version() != ""


def bad_cli_cases(own_file):
    own = str(own_file)
    return {
        "unknown method": (["--methods", "lbfgs"],
                           "unknown method 'lbfgs' (did you mean L-BFGS-B?); the methods are: "),
        "unknown hyperparameter": (["--methods", "adam:learning_rate=0.1"],
                                   "method 'adam:learning_rate=0.1': optimizer 'adam' does not "
                                   "take 'learning_rate'; its hyperparameters are: lr, "),
        "not a number": (["--methods", "adam:lr=abc"],
                         "method 'adam:lr=abc': lr=abc is not a number; values are numbers"),
        "no value": (["--methods", "adam:lr"], "method 'adam:lr': hyperparameters are key=value"),
        "zero starts": (["--starts", "0"], "argument --starts: 0 is not accepted: give 1 or more"),
        "negative maxiter": (["--maxiter", "-5"],
                             "argument --maxiter: -5 is not accepted: give 1 or more"),
        "maxiter not a number": (["--maxiter", "ten"], "argument --maxiter: 'ten' is not a whole"),
        "zero target": (["--target", "0"], "argument --target: 0 is not accepted"),
        "unknown problem": (["--problems", "banana"],
                            "unknown problem 'banana': give a test function"),
        "misspelt problem": (["rosenbrok"],
                             "unknown problem 'rosenbrok' (did you mean rosenbrock?)"),
        "missing file": (["missing.py:loss", "--x0", "1"],
                         "'missing.py:loss': there is no file 'missing.py'"),
        "missing function": ([f"{own}:los"], f"'{own}:los': {own} has no function 'los' "
                                             f"(did you mean loss?); its functions: loss, broken"),
        "no function given": ([own], f"'{own}': give the function to minimize after a colon"),
        "objective raising at x0": ([f"{own}:broken"],
                                    "problem 'broken': the objective at x0 = (3, -2, 0.5) raises "
                                    "NameError: name 'undefined_name' is not defined"),
        "x0 not numbers": ([f"{own}:loss", "--x0", "a,b"], "--x0 'a,b' is not a start"),
        "x0 starting with a minus": ([f"{own}:loss", "--x0", "-1,2"],
                                     "argument --x0: expected one argument (a start that begins "
                                     "with a minus goes after =: --x0=-1.2,1)"),
        "x0 of the wrong size": ([f"{own}:loss", "--x0=1,2"],
                                 "problem 'loss': the objective at x0 = (1, 2) raises "
                                 "IndexError: index 2 is out of bounds"),
        "x0 for test functions": (["--x0", "1,2"], "--x0 is the start of your own objective"),
        "dask and workers": (["--dask", "tcp://127.0.0.1:1", "--workers", "2"],
                             "argument --workers: not allowed with argument --dask"),
    }


@pytest.mark.parametrize("case", list(bad_cli_cases("FILE.py")))
def test_bad_input_exits_2_with_one_line_before_any_work(case, own_file, tmp_path, capsys):
    argv, message = bad_cli_cases(own_file)[case]
    out = tmp_path / "out"
    code, stdout, err = cli(capsys, "compare", *argv, "--out", str(out))
    assert code == 2 and stdout == ""
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert err.startswith("wengert compare: ") and message in err, err
    assert not out.exists()                   # refused before any work: nothing written


def test_an_unreachable_dask_scheduler_exits_2_with_one_line(tmp_path, capsys, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr("wengert.cli.compare.DASK_TIMEOUT", 1)
    code, stdout, err = cli(capsys, "compare", "--dask", "tcp://127.0.0.1:9", "--problems",
                            "booth", "--out", str(tmp_path / "out"))
    assert code == 2 and len(err.splitlines()) == 1
    assert "--dask tcp://127.0.0.1:9: no scheduler answered" in err


def test_compare_on_a_dask_cluster_gives_the_serial_numbers(own_file, tmp_path, capsys,
                                                           dask_cluster):
    # the objective's file is read here and its source sent to the workers' processes
    argv = ["compare", f"{own_file}:loss", "booth", "--methods", "L-BFGS-B", "adam",
            "--maxiter", "30", "--starts", "2"]
    code, _, err = cli(capsys, *argv, "--workers", "1", "--out", str(tmp_path / "serial"))
    assert code == 0, err
    address = dask_cluster.scheduler_address
    code, stdout, err = cli(capsys, *argv, "--dask", address, "--out", str(tmp_path / "dask"))
    assert code == 0, err
    assert f"on the dask scheduler at {address} (2 workers)" in stdout

    def numbers(folder):
        with open(tmp_path / folder / "table.csv") as f:
            return [{k: v for k, v in row.items() if k != "seconds"} for row in csv.DictReader(f)]
    assert numbers("dask") == numbers("serial")


def test_piping_into_head_ends_quietly(tmp_path):
    import subprocess
    import sys
    command = [sys.executable, "-c", "import sys; from wengert.cli import main; sys.exit(main())",
               "compare", "--problems", "booth", "--methods", "L-BFGS-B", "--maxiter", "5",
               "--workers", "1", "--out", str(tmp_path / "out")]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        first = process.stdout.readline()     # what `head -1` reads, before it exits
        process.stdout.close()
        err = process.stderr.read().decode()
    assert first.startswith(b"Comparing 1 method on 1 problem, 1 start each")
    assert process.returncode == 141 and "Traceback" not in err and "BrokenPipe" not in err
