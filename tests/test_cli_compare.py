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
