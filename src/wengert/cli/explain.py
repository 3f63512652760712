"""`wengert explain`."""

HELP = "explain (not built yet)"


def configure(parser):
    pass


def run(args):
    print("wengert explain is not built yet")
    return 1
