"""`wengert compare`."""

HELP = "compare (not built yet)"


def configure(parser):
    pass


def run(args):
    print("wengert compare is not built yet")
    return 1
