"""The ``modelrouter`` command: one group per concern. Edges only: no routing logic here."""

from __future__ import annotations

import sys

import click

from modelrouter.cli.chat_cmd import chat
from modelrouter.cli.common import accept_config_everywhere, main_group, reported_errors
from modelrouter.cli.config_cmd import config
from modelrouter.cli.demo import demo
from modelrouter.cli.eval_cmd import eval_group
from modelrouter.cli.judge_cmd import judge
from modelrouter.cli.keys_cmd import keys
from modelrouter.cli.loop_cmd import feedback, quality
from modelrouter.cli.prices_cmd import prices
from modelrouter.cli.report_cmd import advise, estimate, report
from modelrouter.cli.rollups_cmd import rollups_group
from modelrouter.cli.route_cmd import route
from modelrouter.cli.serve_cmd import serve
from modelrouter.cli.sim_cmd import sim
from modelrouter.cli.train_cmd import train
from modelrouter.cli.train_detector_cmd import train_detector
from modelrouter.server import logs

for command in (
    config,
    route,
    chat,
    serve,
    keys,
    prices,
    report,
    estimate,
    advise,
    sim,
    eval_group,
    train,
    train_detector,
    demo,
    feedback,
    quality,
    judge,
    rollups_group,
):
    accept_config_everywhere(command)
    main_group.add_command(command)


def main() -> None:
    """Entry point of the ``modelrouter`` script: project errors as one line, no traceback."""
    logs.configure_text()
    with reported_errors():
        main_group(prog_name="modelrouter")


__all__ = ["click", "main", "main_group", "sys"]
