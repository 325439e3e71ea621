"""Quality checks: decide whether an answer is good enough, or the request must escalate."""
