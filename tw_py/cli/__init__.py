"""The click command tree. Only this package imports click."""


def main() -> None:
    """Console-script entry point (`twpy`)."""
    from tw_py.cli.root import cli

    cli.main(prog_name="twpy")
