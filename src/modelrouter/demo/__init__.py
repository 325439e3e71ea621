"""``modelrouter demo``: the whole system on this machine, with no keys: the real gateway on
loopback over simulated providers, a mixed workload written for this project, an outage
half way, and a report of decisions and costs at real catalog prices."""
