"""A safe reader for formulas typed by a user: ``"x1*x2 + sin(x1)"``.

The text is parsed into Python's syntax tree and checked against a whitelist:
numbers, the given variable names, ``pi`` and ``e``, the operators
``+ - * / **`` and unary ``-`` / ``+``, and calls of a fixed list of
``wengert.numpy`` functions by their plain names. Anything else (attribute
access, other names or calls, lambdas, comprehensions, subscripts, strings,
comparisons...) is refused with an `ExpressionError` naming it. Nothing is
ever compiled or executed: a formula is evaluated by walking the checked
tree, so its values may be traced and differentiated.

>>> f = parse("x1*x2 + sin(x1)", ["x1", "x2"])
>>> float(f.evaluate({"x1": 2.0, "x2": 3.0}))
6.909297426825682
"""

from __future__ import annotations

import ast
import inspect
import math
import operator
import re

import numpy as _np

from . import numpy as wnp

__all__ = ["parse", "Expression", "ExpressionError", "FUNCTIONS", "MAX_LENGTH", "MAX_DEPTH"]

MAX_LENGTH = 2000   # characters
MAX_DEPTH = 40      # nesting of parentheses, calls and operators

# name -> number of arguments; all are wengert.numpy functions of the same name
FUNCTIONS = {
    **dict.fromkeys(
        "sin cos tan arcsin arccos arctan sinh cosh tanh arcsinh arccosh arctanh exp exp2 expm1 "
        "log log2 log10 log1p sqrt cbrt square reciprocal abs absolute fabs sign floor sinc "
        "deg2rad rad2deg sum mean prod".split(), 1),
    **dict.fromkeys("maximum minimum fmax fmin hypot arctan2 logaddexp logaddexp2 heaviside "
                    "remainder".split(), 2),
}
CONSTANTS = {"pi": math.pi, "e": math.e}

_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
           ast.Div: operator.truediv, ast.Pow: operator.pow}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}
_OPERATOR_TEXT = {ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@", ast.LShift: "<<",
                  ast.RShift: ">>", ast.BitOr: "|", ast.BitAnd: "&", ast.BitXor: "^",
                  ast.Invert: "~", ast.Not: "not"}
_REFUSED = {  # syntax -> how to name it when refusing it
    ast.Attribute: "attribute access", ast.Subscript: "subscripts", ast.Lambda: "lambda",
    ast.ListComp: "comprehensions", ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions", ast.GeneratorExp: "comprehensions",
    ast.Compare: "comparisons", ast.BoolOp: "and / or", ast.IfExp: "if-expressions",
    ast.Tuple: "tuples", ast.List: "lists", ast.Dict: "dicts", ast.Set: "sets",
    ast.NamedExpr: "assignment (:=)", ast.Starred: "starred arguments",
    ast.JoinedStr: "strings", ast.Await: "await", ast.Yield: "yield", ast.YieldFrom: "yield",
    ast.Slice: "slices",
}


class ExpressionError(ValueError):
    """A formula that is not accepted, with one line saying what was refused."""


class Expression:
    """A checked formula: its text, its variables, and a way to evaluate it.

    Make one with `parse`.
    """

    def __init__(self, text, tree, variables):
        self.text = text
        self.variables = tuple(variables)
        self._tree = tree

    def evaluate(self, values):
        """The formula's value for `values` (variable name -> number, array or traced value)."""
        missing = [v for v in self.variables if v not in values]
        if missing:
            raise ExpressionError(f"no value for {', '.join(missing)}")
        return _evaluate(self._tree.body, values)

    def function(self):
        """The formula as a function of its variables, in order (named like them).

        Its signature lists the variables, so ``wengert.explain`` names the
        inputs after them.
        """
        names = self.variables

        def formula(*args):
            return self.evaluate(dict(zip(names, args)))

        formula.__signature__ = inspect.Signature(
            [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD) for n in names])
        formula.__name__ = "z"
        formula.__doc__ = f"z = {self.text}"
        return formula

    def __repr__(self):
        return f"Expression({self.text!r}, variables={self.variables!r})"


def parse(text, variables):
    """Check `text` and return it as an `Expression` in `variables`.

    Parameters
    ----------
    text : str
        The formula, e.g. ``"x1*x2 + sin(x1)"``.
    variables : sequence of str
        The names it may use (besides ``pi`` and ``e``).

    Raises
    ------
    ExpressionError
        With one line naming what was refused.
    """
    variables = list(variables)
    for v in variables:
        if not v.isidentifier() or v.startswith("_") or v in FUNCTIONS:
            raise ExpressionError(f"refused variable name {v!r}: use a plain name such as x1 "
                                  "(not a function name, not starting with _)")
    if not isinstance(text, str):
        raise ExpressionError("the formula must be text")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"refused: the formula is {len(text)} characters long; the limit "
                              f"is {MAX_LENGTH}")
    depth = _bracket_depth(text)
    if depth > MAX_DEPTH:
        raise ExpressionError(f"refused: parentheses nested {depth} deep; the limit is {MAX_DEPTH}")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as err:
        raise ExpressionError(f"not a formula: {_where(text, err)}") from None
    except (ValueError, RecursionError, MemoryError):
        raise ExpressionError("not a formula (the text cannot be parsed)") from None
    _check(tree.body, set(variables), 1)
    return Expression(text, tree, variables)


def _where(text, err):
    """What a syntax error is and where, in characters of `text` counted from 1.

    Python reports an offset in the stripped text, and 0 (or one past the
    end) when the text ended too soon, as in ``x1*x2 +``; then the place to
    point at is the last thing written, which wants something after it.
    """
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    if err.offset is None or not 1 <= err.offset <= len(body):
        last = re.search(r"(\*\*|\w+|\S)\s*$", body)
        if last is None:
            return "it is empty"
        return (f"it ends too soon: nothing follows the {last.group(1)!r} at character "
                f"{lead + last.start(1) + 1}")
    token = re.match(r"\*\*|\w+|\S", body[err.offset - 1:]).group(0)
    return f"{err.msg} at character {lead + err.offset} ({token!r})"


def _bracket_depth(text):
    depth = deepest = 0
    for ch in text:
        if ch in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]}":
            depth -= 1
    return deepest


def _check(node, variables, depth):
    """Refuse anything outside the whitelist (raises `ExpressionError`)."""
    if depth > MAX_DEPTH:
        raise ExpressionError(f"refused: the formula nests more than {MAX_DEPTH} levels deep")
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            what = "strings" if isinstance(value, (str, bytes)) else f"the constant {value!r}"
            raise ExpressionError(f"refused {what}: only numbers are allowed")
        if abs(value) > 1e308:   # past the largest float (1e400 reads as inf)
            digits = str(value) if len(str(value)) <= 20 else str(value)[:20] + "..."
            raise ExpressionError(f"refused the number {digits}: too large for a float")
        return
    if isinstance(node, ast.Name):
        if node.id not in variables and node.id not in CONSTANTS:
            if node.id in FUNCTIONS:
                raise ExpressionError(f"refused name {node.id!r}: it is a function; call it, "
                                      f"e.g. {node.id}(x)")
            known = ", ".join(sorted(variables)) or "none"
            raise ExpressionError(f"refused unknown name {node.id!r} (variables: {known}; give "
                                  f"it a value as {node.id}=...)")
        return
    if isinstance(node, ast.BinOp):
        if type(node.op) not in _BINARY:
            raise ExpressionError(f"refused operator {_OPERATOR_TEXT.get(type(node.op), '?')}: "
                                  "only + - * / ** are allowed")
        _check(node.left, variables, depth + 1)
        _check(node.right, variables, depth + 1)
        return
    if isinstance(node, ast.UnaryOp):
        if type(node.op) not in _UNARY:
            raise ExpressionError(f"refused operator {_OPERATOR_TEXT.get(type(node.op), '?')}: "
                                  "only + - * / ** are allowed")
        _check(node.operand, variables, depth + 1)
        return
    if isinstance(node, ast.Call):
        _check_call(node, variables, depth)
        return
    what = _REFUSED.get(type(node), type(node).__name__)
    detail = f" (.{node.attr})" if isinstance(node, ast.Attribute) else ""
    raise ExpressionError(f"refused {what}{detail}: only numbers, the variables, + - * / ** "
                          "and the listed functions are allowed")


def _check_call(node, variables, depth):
    func = node.func
    if isinstance(func, ast.Attribute):
        raise ExpressionError(f"refused attribute access (.{func.attr}): call functions by "
                              "their plain names, e.g. sin(x)")
    if not isinstance(func, ast.Name):
        raise ExpressionError(f"refused a call of a {_REFUSED.get(type(func), 'computed value')}: "
                              "only the listed functions can be called")
    if func.id not in FUNCTIONS:
        raise ExpressionError(f"refused unknown function {func.id!r} (allowed: "
                              f"{', '.join(sorted(FUNCTIONS))})")
    if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
        raise ExpressionError(f"refused keyword or starred arguments in {func.id}(...)")
    if len(node.args) != FUNCTIONS[func.id]:
        raise ExpressionError(f"refused {func.id}(...) with {len(node.args)} arguments: it "
                              f"takes {FUNCTIONS[func.id]}")
    for a in node.args:
        _check(a, variables, depth + 1)


def _evaluate(node, values):
    """Walk the checked tree; operators and ``wengert.numpy`` functions do the arithmetic."""
    if isinstance(node, ast.Constant):
        return _np.float64(node.value)   # NumPy arithmetic: 10.0**400 is inf, not an error
    if isinstance(node, ast.Name):
        return values[node.id] if node.id in values else CONSTANTS[node.id]
    if isinstance(node, ast.BinOp):
        return _BINARY[type(node.op)](_evaluate(node.left, values), _evaluate(node.right, values))
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](_evaluate(node.operand, values))
    args = [_evaluate(a, values) for a in node.args]
    return getattr(wnp, node.func.id)(*args)
