"""``python -m modelrouter``: the same as the ``modelrouter`` command."""

from modelrouter.cli import main

main()
