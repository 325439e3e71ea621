"""Train as you serve (issue 13 part 6): the learned router's test-curve AIQ before and
after, without cross-validation (AIQ scores the whole test curve of a router fitted once
on all train rows, so nothing is chosen and no folds are needed: minutes, not half an
hour, on the two-model file).

Three routers: fitted and judged on the file's benchmark labels (offline only), the same
fit deciding with detected task types (what the gateway served before), and fitted and
deciding with detected task types (now). Also printed: the best test quality on each test
curve at most 30% of the best single model's test cost (read off the test curve: a
ceiling, not a setting chosen on train).

    python bench/served_labels.py ../shared/data/routellm-gpt4-mixtral.jsonl.gz
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace

import numpy as np

from modelrouter.learn import default_labeller
from modelrouter.learn.data import load_outcomes, train_test
from modelrouter.learn.learned import Learned, LearnedRouter
from modelrouter.learn.metrics import aiq, best_single, cheapest, point


def main(path: str) -> None:
    train, test = train_test(load_outcomes(path))
    labeller = default_labeller()
    best, cheap = best_single(train.scores, train.costs), cheapest(train.costs)
    low, high = float(test.costs[:, cheap].sum()), float(test.costs[:, best].sum())
    before = Learned(unseen_model=False).fit(train)
    routers: dict[str, LearnedRouter] = {
        "learned-labels": before,
        "learned-labels-served": replace(before, labeller=labeller, _coef_t=[], _memo=[]),
        "learned": Learned(labeller=labeller).fit(train),
    }
    result: dict[str, object] = {"file": path}
    for name, router in routers.items():
        points = [
            point(router.choose(test.inputs, k), test.scores, test.costs) for k in Learned().grid()
        ]
        cost = np.array([p.cost for p in points])
        quality = np.array([p.quality for p in points])
        within = cost <= 0.3 * high + 1e-12
        result[name] = {
            "aiq": round(aiq(cost, quality, low, high), 4),
            "test_curve_quality_at_cost_le_0.30": round(float(quality[within].max()), 4),
        }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main(sys.argv[1])
