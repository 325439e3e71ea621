"""Reports over the usage ledger and projections over the catalog: pure functions that take
rows and settings and return plain data (frozen dataclasses); rendering is separate.

Nothing here reads the environment, the clock or a configuration file: the command line
(``cli/report_cmd.py``) does that and passes the results in.
"""

from modelrouter.reports.advise import Advice, advise
from modelrouter.reports.estimate import Projection, parse_mix, parse_tokens, project
from modelrouter.reports.ledger_report import Report, build_report

__all__ = [
    "Advice",
    "Projection",
    "Report",
    "advise",
    "build_report",
    "parse_mix",
    "parse_tokens",
    "project",
]
