"""`python -m corridor` runs the command line."""

from corridor.cli import run

run()
