"""The ``wengert`` command: one subcommand a module (``wengert <command> --help``).

Refused input ends with exit code 2 and one line on stderr saying what was
wrong (argparse's own errors included); output piped into ``head`` ends
quietly when ``head`` has read enough.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import os
import sys

# subcommand -> module with HELP, configure(parser) and run(args) -> exit code
COMMANDS = {
    "compare": "wengert.cli.compare",
    "explain": "wengert.cli.explain",
    "problems": "wengert.cli.problems",
}

# Exit code of a command whose reader went away (128 + SIGPIPE), as the shell reports
# for any tool stopped by a closed pipe.
BROKEN_PIPE = 141


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr (exit code 2), without the usage.

    The usage is one ``--help`` away; the line says what was wrong.
    """

    def error(self, message):
        if "--x0" in message and "expected one argument" in message:
            message += " (a start that begins with a minus goes after =: --x0=-1.2,1)"
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def version():
    """The installed wengert's version (``"unknown"`` when running from an uninstalled tree)."""
    try:
        return importlib.metadata.version("wengert")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def main(argv=None):
    """Parse the command line and run the subcommand; returns its exit code."""
    parser = OneLineParser(prog="wengert", description="Gradient-based optimization on a "
                           "reverse-mode automatic differentiation engine.")
    parser.add_argument("--version", action="version", version=f"wengert {version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="command")
    modules = {}
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        modules[name] = module
        module.configure(sub.add_parser(name, help=module.HELP, description=module.HELP))
    args = parser.parse_args(argv)
    try:
        code = modules[args.command].run(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit where it would print a warning
        return code
    except BrokenPipeError:
        # The reader (`head`) has what it wanted. Point stdout at /dev/null so that the
        # interpreter's final flush has nowhere to fail, and end quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return BROKEN_PIPE


if __name__ == "__main__":
    sys.exit(main())
