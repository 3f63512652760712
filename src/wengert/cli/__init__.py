"""The ``wengert`` command: one subcommand a module (``wengert <command> --help``)."""

from __future__ import annotations

import argparse
import importlib
import sys

# subcommand -> module with HELP, configure(parser) and run(args) -> exit code
COMMANDS = {
    "compare": "wengert.cli.compare",
    "explain": "wengert.cli.explain",
    "problems": "wengert.cli.problems",
}


def main(argv=None):
    """Parse the command line and run the subcommand; returns its exit code."""
    parser = argparse.ArgumentParser(prog="wengert", description="Gradient-based optimization "
                                     "on a reverse-mode automatic differentiation engine.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="command")
    modules = {}
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        modules[name] = module
        module.configure(sub.add_parser(name, help=module.HELP, description=module.HELP))
    args = parser.parse_args(argv)
    return modules[args.command].run(args)


if __name__ == "__main__":
    sys.exit(main())
