"""`wengert explain "x1*x2 + sin(x1)" x1=2 x2=3`: tables from a formula that is read, never run."""

import os
import shutil
import subprocess
import sys

import pytest

from wengert.cli import main

SEED_LINES = ["w1 = x1 = 2", "w3 = w1 * w2 = 6", "w4 = sin(w1) = 0.9093", "w5 = w3 + w4 = 6.909",
              "w̄5 = dz/dz = 1", "w̄4 = w̄5 = 1", "w̄3 = w̄5 = 1", "w̄2 = w̄3·w1 = 2",
              "w̄1 = w̄3·w2 + w̄4·cos(w1) = 2.584", "dz/dx1 = 2.584", "dz/dx2 = 2",
              "dz/dx1 = x2 + cos(x1)", "dz/dx2 = x1"]


def run(capsys, *argv):
    code = main(["explain", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_seed_example_prints_the_tables_and_symbolic_derivatives(capsys):
    code, out, err = run(capsys, "x1*x2 + sin(x1)", "x1=2", "x2=3")
    lines = [line.strip() for line in out.splitlines()]
    assert code == 0 and err == ""
    assert all(expected in lines for expected in SEED_LINES)


def test_a_vector_variable_and_a_seed(capsys):
    code, out, _ = run(capsys, "x**2", "x=1,2,3", "--seed", "0,1,0")
    assert code == 0
    assert "d(v·z)/dx = [0, 4, 0] shape (3,)" in out
    assert "not available: symbolic() writes formulas for scalar programs" in out


def test_a_vector_formula_without_a_seed_says_how_to_give_one(capsys):
    code, out, err = run(capsys, "x**2", "x=1,2,3")
    assert code == 2 and out == ""
    assert err.strip() == ("wengert explain: z is an array of shape (3,); choose the combination "
                           "of outputs to differentiate with --seed, e.g. --seed 1,0,0 (the "
                           "first output)")


def test_dot_option_saves_the_graph(capsys, tmp_path):
    path = tmp_path / "seed.dot"
    code, out, _ = run(capsys, "x1*x2 + sin(x1)", "x1=2", "x2=3", "--dot", str(path))
    assert code == 0 and path.read_text(encoding="utf-8").startswith("digraph trace {")


REFUSED = {
    "import and call": ("__import__('os').system('echo hi')", "refused attribute access (.system)"),
    "dunder attribute": ("().__class__", "refused attribute access (.__class__)"),
    "100 kB": ("x+" * 50_000 + "x", "refused: the formula is 100001 characters long"),
    "deep parentheses": ("(" * 100 + "x" + ")" * 100, "refused: parentheses nested 100 deep"),
    "deep operators": ("0" + "-" * 500 + "x", "refused: the formula nests more than"),
    "unknown function": ("gamma(x)", "refused unknown function 'gamma'"),
    "builtin call": ("open('/etc/passwd')", "refused unknown function 'open'"),
    "attribute": ("x.real", "refused attribute access (.real)"),
    "lambda": ("(lambda: 1)()", "refused a call of a lambda"),
    "lambda value": ("lambda y: y", "refused lambda"),
    "comprehension": ("sum([x for y in (1, 2)])", "refused comprehensions"),
    "generator": ("sum(x for y in x)", "refused comprehensions"),
    "subscript": ("x[0]", "refused subscripts"),
    "unknown name": ("x + y", "refused unknown name 'y'"),
    "string": ("'x' * 3", "refused strings"),
    "keyword": ("sin(x=1)", "refused keyword or starred arguments"),
    "operator": ("x // 2", "refused operator //"),
    "comparison": ("x < 1", "refused comparisons"),
    "walrus": ("(y := x)", "refused assignment (:=)"),
    "statement": ("import os", "not a formula"),
}


@pytest.mark.parametrize("formula, message", REFUSED.values(), ids=REFUSED.keys())
def test_a_refused_formula_exits_non_zero_with_one_line_naming_it(capsys, formula, message):
    code, out, err = run(capsys, formula, "x=2")
    assert code != 0 and out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith("wengert explain: " + message)


@pytest.mark.parametrize("formula, where", [
    ("x1*x2 +", "nothing follows the '+' at character 7"),
    ("  x1*x2 +", "nothing follows the '+' at character 9"),   # counted in the text as typed
    ("x1**", "nothing follows the '**' at character 3"),
    ("x1*/x2", "at character 4 ('/')"),
    ("sin(x1", "at character 4 ('(')"),
    ("x1 + x2)", "at character 8 (')')"),
])
def test_a_syntax_error_points_at_the_right_character(capsys, formula, where):
    code, out, err = run(capsys, formula, "x1=1", "x2=2")
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert err.startswith("wengert explain: not a formula: ") and where in err, err


def test_a_refused_formula_is_never_executed(capsys, tmp_path):
    marker = tmp_path / "ran"
    code, _, _ = run(capsys, f"__import__('os').system('touch {marker}')", "x=1")
    assert code != 0 and not marker.exists()


@pytest.mark.parametrize("argv, message", [
    (["x", "x=abc"], "refused value 'abc' for x"),
    (["x", "x"], "refused 'x': give each variable as NAME=VALUE"),
    (["x", "__x=1"], "refused variable name '__x'"),
    (["sin(x)", "sin=1"], "refused variable name 'sin'"),
    (["x", "x=1", "x=2"], "refused 'x=2': x is given twice"),
])
def test_a_bad_value_exits_non_zero_with_one_line(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code != 0 and out == "" and len(err.splitlines()) == 1
    assert err.startswith("wengert explain: " + message)


def _installed_command():
    beside = os.path.join(os.path.dirname(sys.executable), "wengert")
    return beside if os.path.exists(beside) else shutil.which("wengert")


@pytest.mark.skipif(_installed_command() is None, reason="the wengert command is not installed")
def test_the_installed_command_prints_the_seed_example():
    done = subprocess.run([_installed_command(), "explain", "x1*x2 + sin(x1)", "x1=2", "x2=3"],
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 0, done.stderr
    lines = [line.strip() for line in done.stdout.splitlines()]
    assert all(expected in lines for expected in SEED_LINES)


@pytest.mark.skipif(_installed_command() is None, reason="the wengert command is not installed")
def test_the_installed_command_refuses_code_with_one_line():
    done = subprocess.run([_installed_command(), "explain", "().__class__", "x=1"],
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == ["wengert explain: refused attribute access (.__class__): "
                                        "only numbers, the variables, + - * / ** and the listed "
                                        "functions are allowed"]
