"""The chaos suite: the real gateway under injected upstream faults and load (``run``),
and the figures that say whether it held (``audit``)."""
