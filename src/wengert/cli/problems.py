"""`wengert problems`."""

HELP = "problems (not built yet)"


def configure(parser):
    pass


def run(args):
    print("wengert problems is not built yet")
    return 1
