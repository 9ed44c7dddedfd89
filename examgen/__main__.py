"""Allow ``python -m examgen``."""

from examgen.cli import main

main()
