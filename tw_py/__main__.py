"""`python -m tw_py` runs the twpy command line."""
from tw_py.cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
