"""wengert.explain: the forward and reverse passes, step by step (issue 3)."""

import os
import re
import stat
import sys

import numpy as onp
import pytest

import wengert as wg
import wengert.numpy as np
from wengert.explain import SeedError, algebra, rules
from wengert.expr import FUNCTIONS, parse


def seed_function(x1, x2):
    return x1 * x2 + np.sin(x1)


@pytest.fixture(scope="module")
def seed_trace():
    return wg.explain(seed_function, 2.0, 3.0)


def section(trace, title):
    """The lines of one table of ``str(trace)``, without its header."""
    blocks = str(trace).split("\n\n")
    block = next(b for b in blocks if b.startswith(title))
    return [line.strip() for line in block.splitlines() if line.startswith("  ")]


# -- the seed example ---------------------------------------------------------------------
def test_forward_pass_shows_each_primitive_with_its_value(seed_trace):
    assert section(seed_trace, "Forward pass") == [
        "w1 = x1 = 2", "w2 = x2 = 3", "w3 = w1 * w2 = 6", "w4 = sin(w1) = 0.9093",
        "w5 = w3 + w4 = 6.909", "z = w5 = 6.909"]


def test_reverse_pass_starts_from_the_seed_and_sums_over_uses(seed_trace):
    assert section(seed_trace, "Reverse pass") == [
        "w̄5 = dz/dz = 1", "w̄4 = w̄5 = 1", "w̄3 = w̄5 = 1", "w̄2 = w̄3·w1 = 2",
        "w̄1 = w̄3·w2 + w̄4·cos(w1) = 2.584"]


def test_result_is_the_gradient_of_each_input(seed_trace):
    assert section(seed_trace, "Gradient") == ["dz/dx1 = 2.584", "dz/dx2 = 2"]


def test_gradient_agrees_with_grad(seed_trace):
    g1, g2 = wg.grad(seed_function, argnums=(0, 1))(2.0, 3.0)
    assert seed_trace.gradient == {"x1": g1, "x2": g2}


def test_nodes_are_records_of_op_inputs_value_adjoint(seed_trace):
    records = [(s.name, s.op, s.inputs, round(float(s.value), 4), round(float(s.adjoint), 4))
               for s in seed_trace.nodes]
    assert records == [("w1", "input", ("x1",), 2.0, 2.5839),
                       ("w2", "input", ("x2",), 3.0, 2.0),
                       ("w3", "multiply", ("w1", "w2"), 6.0, 1.0),
                       ("w4", "sin", ("w1",), 0.9093, 1.0),
                       ("w5", "add", ("w3", "w4"), 6.9093, 1.0)]


def test_nodes_carry_the_formulas_of_both_passes(seed_trace):
    w1 = seed_trace.nodes[0]
    assert (seed_trace.nodes[3].expr, w1.adjoint_expr) == ("sin(w1)", "w̄3·w2 + w̄4·cos(w1)")


def test_symbolic_gives_the_seed_pages_formulas(seed_trace):
    assert seed_trace.symbolic() == {"x1": "x2 + cos(x1)", "x2": "x1"}


def test_explain_works_after_importing_the_module_of_the_same_name():
    import wengert.explain  # noqa: F401  (makes wengert.explain the module)
    assert wg.explain(lambda x: x * x, 3.0).gradient == {"x": 6.0}


# -- symbolic derivatives, checked numerically --------------------------------------------
SMOOTH = [
    "x1*x2 + sin(x1)",
    "x1**3/x2 - 2*x1*x2 + exp(-x1)",
    "log(x1**2 + 1)*tanh(x2)",
    "sqrt(x1**2 + x2**2)",
    "x1/(1 + exp(-x2))",
    "arctan(x1*x2) + cosh(x1) - sinh(x2)",
    "(x1 - x2)**2 + 0.5*cos(x1*x2)**2",
    "log1p(x1**2)*expm1(x2)",
    "hypot(x1, x2) + arctan2(x2, x1)",
    "logaddexp(x1, x2) + logaddexp2(x2, x1)",
    "x1**x2 + 2**x1",
    "tan(x1)/cbrt(x2 + 3)",
    "square(x1) + reciprocal(x2 + 3)",
    "arcsin(x1/3) + arccos(x2/3) + arctanh(x1/3)",
    "arcsinh(x1) + arccosh(x2 + 3)",
    "exp2(x1) + log2(x2 + 3) + log10(x1 + 3)",
    "sinc(x1) + deg2rad(x2) + rad2deg(x1)",
    "x1*x1*x1 - x1/x1 + x2 - x2",
    "sum(x1*x2) + mean(x1) + prod(x2)",
]


@pytest.mark.parametrize("formula", SMOOTH)
def test_symbolic_derivative_evaluates_to_the_gradient_at_random_points(formula):
    z = parse(formula, ["x1", "x2"]).function()
    symbolic = wg.explain(z, 0.7, 0.4).symbolic()
    derivatives = {name: parse(text, ["x1", "x2"]) for name, text in symbolic.items()}
    rng = onp.random.default_rng(0)
    for x1, x2 in rng.uniform(0.2, 1.2, size=(5, 2)):
        expected = wg.grad(z, argnums=(0, 1))(x1, x2)
        got = [derivatives[n].evaluate({"x1": x1, "x2": x2}) for n in ("x1", "x2")]
        onp.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("formula", ["abs(x1 - x2)*x1", "maximum(x1, x2)**2 + minimum(x1, 2*x2)",
                                     "fmax(x1, x2) - fmin(x1, x2)", "remainder(x1 + 1, x2)"])
def test_symbolic_derivative_of_a_kink_holds_on_the_side_that_ran(formula):
    z = parse(formula, ["x1", "x2"]).function()
    symbolic = wg.explain(z, 0.7, 0.4).symbolic()
    for x1, x2 in [(0.7, 0.4), (0.75, 0.41), (0.9, 0.45)]:
        expected = wg.grad(z, argnums=(0, 1))(x1, x2)
        got = [parse(symbolic[n], ["x1", "x2"]).evaluate({"x1": x1, "x2": x2})
               for n in ("x1", "x2")]
        onp.testing.assert_allclose(got, expected, rtol=1e-12)


@pytest.mark.parametrize("formula, expected", [
    ("1*x1 + 0", {"x1": "1"}),
    ("x1*x1", {"x1": "2*x1"}),
    ("x1/x1 + x1", {"x1": "1"}),
    ("(x1 + 1)**2", {"x1": "2*x1 + 2"}),
    ("sin(x1)/x1", {"x1": "cos(x1)/x1 - sin(x1)/x1**2"}),
    ("exp(2*x1)", {"x1": "2*exp(2*x1)"}),
])
def test_symbolic_derivatives_are_simplified(formula, expected):
    z = parse(formula, ["x1"]).function()
    assert wg.explain(z, 0.5).symbolic() == expected


def test_symbolic_refuses_array_programs():
    trace = wg.explain(lambda x: np.sum(x ** 2), onp.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="scalar"):
        trace.symbolic()


def test_symbolic_refuses_a_formula_that_explodes():
    def f(x):
        for _ in range(40):
            x = np.sin(x) + np.cos(x)
        return x
    with pytest.raises(ValueError, match="grows past 2000 terms"):
        wg.explain(f, 1.0).symbolic()


def test_symbolic_of_a_long_linear_loop_stays_flat():
    def f(x):
        for _ in range(3000):
            x = 0.999 * x + 1.0
        return x
    [derivative] = wg.explain(f, 1.0).symbolic().values()
    assert float(derivative) == pytest.approx(0.999 ** 3000, rel=1e-12)


def test_every_function_a_formula_may_contain_is_accepted_by_the_reader():
    assert set(rules.FUNCTIONS_USED) <= set(FUNCTIONS)


@pytest.mark.parametrize("name", sorted(rules.UNARY))
def test_each_one_argument_rule_matches_the_engine(name):
    x = 1.6 if name == "arccosh" else 0.6
    trace = wg.explain(getattr(np, name), x)
    expected = wg.grad(getattr(np, name))(x)
    [text] = trace.symbolic().values()
    name_ = next(iter(trace.gradient))
    onp.testing.assert_allclose(parse(text, [name_]).evaluate({name_: x}), expected, rtol=1e-12)


@pytest.mark.parametrize("name", sorted(rules.BINARY))
def test_each_two_argument_rule_matches_the_engine(name):
    fun = getattr(np, name)
    trace = wg.explain(lambda a, b: fun(a, b), 0.7, 0.4)
    expected = wg.grad(lambda a, b: fun(a, b), argnums=(0, 1))(0.7, 0.4)
    got = [parse(t, ["a", "b"]).evaluate({"a": 0.7, "b": 0.4}) for t in trace.symbolic().values()]
    onp.testing.assert_allclose(got, expected, rtol=1e-12)


# -- the algebra behind the formulas ----------------------------------------------------------
def test_printer_adds_only_the_parentheses_python_needs():
    a = algebra
    x, y, z = a.var("x"), a.var("y"), a.var("z")
    exprs = [a.div(x, a.mul(y, z)), a.div(x, a.add(y, z)), a.pow_(a.add(x, y), a.sub(y, a.ONE)),
             a.neg(a.pow_(x, a.num(2))), a.div(x, a.num(2))]
    assert [a.to_text(e) for e in exprs] == ["x/(y*z)", "x/(y + z)", "(x + y)**(y - 1)", "-x**2",
                                             "x/2"]


def test_like_terms_and_factors_are_collected():
    a = algebra
    x, y = a.var("x"), a.var("y")
    exprs = [a.add(a.mul(x, y), a.mul(y, x)), a.mul(x, y, x), a.sub(x, x)]
    assert [a.to_text(e) for e in exprs] == ["2*x*y", "x**2*y", "0"]


# -- arrays, seeds, long traces ------------------------------------------------------------
def test_arrays_show_their_shape_and_a_short_preview():
    text = str(wg.explain(lambda x: np.sum(x * 2.0), np.arange(100.0)))
    assert "w1 = x = [0, 1, 2, ..., 97, 98, 99] shape (100,)" in text
    assert "w2 = w1 * 2 = [0, 2, 4, ..., 194, 196, 198] shape (100,)" in text
    assert "w̄2 = broadcast_to(w̄3, (100,)) = [1, 1, 1, ..., 1, 1, 1] shape (100,)" in text


def test_a_big_matrix_is_previewed_on_one_line():
    text = str(wg.explain(lambda a: np.sum(a), onp.ones((50, 40))))
    line = next(li for li in text.splitlines() if li.strip().startswith("w1 = a"))
    assert line.endswith("shape (50, 40)") and len(line) < 120


def test_a_vector_output_without_a_seed_asks_for_one():
    with pytest.raises(SeedError, match="give a seed shaped like it"):
        wg.explain(lambda x: x ** 2, onp.array([1.0, 2.0, 3.0]))


def test_the_seed_selects_which_output_is_differentiated():
    trace = wg.explain(lambda x: x ** 2, onp.array([1.0, 2.0, 3.0]), seed=[0.0, 1.0, 0.0])
    text = str(trace)
    assert "v·z = z[1]" in text
    assert "w̄2 = v = [0, 1, 0] shape (3,)" in text
    assert "d(v·z)/dx = [0, 4, 0] shape (3,)" in text


def test_a_seed_combines_outputs():
    trace = wg.explain(lambda x: x ** 2, onp.array([1.0, 2.0, 3.0]), seed=[1.0, 0.0, -2.0])
    assert "v·z = z[0] - 2·z[2]" in str(trace)
    onp.testing.assert_allclose(trace.gradient["x"], [2.0, 0.0, -12.0])


def test_a_seed_must_be_shaped_like_the_output():
    with pytest.raises(SeedError, match="shaped like the output"):
        wg.explain(lambda x: x ** 2, onp.array([1.0, 2.0]), seed=[1.0, 0.0, 0.0])


def test_a_scalar_output_is_seeded_with_one():
    trace = wg.explain(lambda x: 3.0 * x, 2.0)
    assert trace.seed == 1.0 and "w̄2 = dz/dz = 1" in str(trace)


def test_a_long_trace_is_numbered_with_its_equals_signs_aligned():
    def f(x):
        for _ in range(150):
            x = np.sin(x)
        return x
    lines = wg.explain(f, 1.0).format(max_lines=None).splitlines()
    forward = [li for li in lines[1:153]]
    assert forward[0] == "    w1 = x = 1" and forward[150].startswith("  w151 = sin(w150) = ")
    assert len({li.index("=") for li in forward}) == 1


def test_a_long_trace_printed_whole_is_shortened_with_a_note():
    def f(x):
        for _ in range(150):
            x = x * 1.01
        return x
    text = str(wg.explain(f, 1.0))
    assert "more lines (trace.format(max_lines=None) shows them all)" in text
    assert len(text.splitlines()) < 250


# -- control flow ----------------------------------------------------------------------------
def branchy(x):
    if x > 0:
        return x * x
    return np.sin(x)


def test_a_branch_shows_the_path_that_ran():
    taken, other = str(wg.explain(branchy, 2.0)), str(wg.explain(branchy, -1.0))
    assert "w2 = w1 * w1 = 4" in taken and "sin" not in taken
    assert "w2 = sin(w1) = -0.8415" in other and "*" not in other


def test_a_loop_is_unrolled_in_the_trace():
    def f(x):
        y = x
        for _ in range(3):
            y = y * x
        return y
    trace = wg.explain(f, 2.0)
    assert [s.expr for s in trace.nodes[1:]] == ["w1 * w1", "w2 * w1", "w3 * w1"]
    assert trace.symbolic() == {"x": "4*x**3"}


def test_a_value_that_does_not_reach_the_output_has_zero_adjoint():
    def f(x, unused):
        np.exp(x)
        return x * 2.0
    text = str(wg.explain(f, 1.0, 5.0))
    assert "w̄3 = 0   (does not lead to z)" in text
    assert "w̄2 = 0   (does not lead to z)" in text


# -- names, structures, errors ---------------------------------------------------------------
def test_inputs_are_named_after_the_parameters_or_numbered():
    def f(alpha, beta):
        return alpha * beta
    assert list(wg.explain(f, 1.0, 2.0).gradient) == ["alpha", "beta"]
    assert list(wg.explain(lambda *xs: xs[0] * xs[1], 1.0, 2.0).gradient) == ["x1", "x2"]
    assert list(wg.explain(np.multiply, 1.0, 2.0).gradient) == ["x1", "x2"]


def test_pytree_leaves_are_named_by_their_place():
    trace = wg.explain(lambda p: p["a"] * p["b"][0], {"a": 2.0, "b": [3.0]})
    assert trace.gradient == {"p['a']": 3.0, "p['b'][0]": 2.0}


def test_a_function_returning_several_values_is_refused():
    with pytest.raises(TypeError, match="one float or array"):
        wg.explain(lambda x: (x, x), 1.0)


def test_a_primitive_without_a_written_rule_is_shown_generically():
    cube = wg.primitive(lambda x: x ** 3)
    cube.__name__ = "cube"
    wg.defvjp(cube, lambda ans, x: lambda g: 3.0 * g * x ** 2)
    trace = wg.explain(lambda x: cube(x), 2.0)
    assert "w̄1 = w̄2·∂cube/∂w1 = 12" in str(trace)
    with pytest.raises(ValueError, match="cube"):
        trace.symbolic()


# -- Graphviz ----------------------------------------------------------------------------------
def test_dot_labels_nodes_with_primitive_value_and_adjoint(seed_trace):
    dot = seed_trace.to_dot()
    assert dot.startswith("digraph trace {")
    assert 'w3 [label="w3 = multiply\\n= 6\\nw̄3 = 1", shape=box]' in dot
    assert "w1 -> w3;" in dot and "w4 -> w5;" in dot


def test_save_writes_dot_text(seed_trace, tmp_path):
    seed_trace.save(tmp_path / "trace.dot")
    assert (tmp_path / "trace.dot").read_text(encoding="utf-8") == seed_trace.to_dot()


def test_save_png_without_graphviz_says_how_to_get_it(seed_trace, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match=re.escape("apt-get install graphviz")):
        seed_trace.save(tmp_path / "trace.png")


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for dot")
def test_save_png_renders_with_the_dot_program(seed_trace, tmp_path, monkeypatch):
    fake = tmp_path / "dot"   # copies the DOT text to the -o file, as if rendering it
    fake.write_text('#!/bin/sh\ncat > "$3"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(tmp_path) + os.pathsep + os.environ.get("PATH", ""))
    seed_trace.save(tmp_path / "trace.svg")
    assert (tmp_path / "trace.svg").read_text(encoding="utf-8") == seed_trace.to_dot()


def test_save_refuses_an_unknown_suffix(seed_trace, tmp_path):
    with pytest.raises(ValueError, match=".png, .svg or .pdf"):
        seed_trace.save(tmp_path / "trace.jpg")


def test_the_seed_example_script_prints_the_tables(capsys):
    import runpy
    script = os.path.join(os.path.dirname(__file__), os.pardir, "examples", "seed_example.py")
    runpy.run_path(script, run_name="__main__")
    out = capsys.readouterr().out
    assert "w̄1 = w̄3·w2 + w̄4·cos(w1) = 2.584" in out and "dz/dx1 = x2 + cos(x1)" in out


def test_the_readme_shows_what_the_seed_example_prints(capsys):
    import runpy
    root = os.path.join(os.path.dirname(__file__), os.pardir)
    runpy.run_path(os.path.join(root, "examples", "seed_example.py"), run_name="__main__")
    printed = capsys.readouterr().out.strip("\n")
    with open(os.path.join(root, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    section = readme[readme.index("## Explaining a gradient: the seed example"):]
    shown = section[section.index("```text\n") + len("```text\n"):]
    assert shown[:shown.index("```")].strip("\n") == printed


def test_a_negative_zero_adjoint_is_shown_as_zero():
    from wengert.explain.render import format_number
    assert format_number(-0.0) == "0"
    assert format_number(0.0 * -0.4161) == "0"
