"""The examples in docstrings run and print what they say."""

import doctest
import importlib
import pkgutil

import pytest

import wengert

MODULES = ["wengert"] + sorted(m.name for m in pkgutil.walk_packages(wengert.__path__, "wengert."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
