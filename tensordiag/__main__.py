"""python -m tensordiag: the command line."""

from .cli import main

main()
