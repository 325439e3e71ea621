"""Leave labels out of training: how should the learned router predict prompts whose task
label it never saw? (The gateway's prompts carry no file label.)

On the train split only: the rows of the labels named on the command line are held out,
the learned router is fitted on the rest, and the held-out rows are routed three ways at
every lambda: by the per-prompt classifier alone, by the per-detected-task-type means
alone, and by their average. Printed: the best quality at most 30% of the best single
model's cost on the held-out rows, and the best quality at any cost.

    python bench/unseen_labels.py ../shared/data/llmrouter-9-open.jsonl.gz \\
        natural_qa,mbpp,gpqa,agentverse-logicgrid,commongen
"""

from __future__ import annotations

import sys

import numpy as np

from modelrouter.learn.data import load_outcomes, train_test
from modelrouter.learn.learned import Learned, _sigmoid, pick
from modelrouter.learn.metrics import best_single


def main(path: str, held: set[str]) -> None:
    train, _ = train_test(load_outcomes(path))
    fit = train.subset([i for i, t in enumerate(train.tasks) if t not in held])
    rows = train.subset([i for i, t in enumerate(train.tasks) if t in held])
    router = Learned().fit(fit)
    x = router.features.matrix(rows.inputs)
    classifier = _sigmoid(np.asarray(x @ router.coef.T) + router.intercept)
    _, detected = router.features.categories(rows.inputs)
    means = router.by_detected.quality[router.by_detected.rows(detected)]
    _, cost = router.predict(rows.inputs)
    best = best_single(rows.scores, rows.costs)
    budget = 0.3 * rows.costs[:, best].sum()
    print(f"held out {sorted(held)}: {len(rows)} rows; best single "
          f"{rows.scores[:, best].mean():.4f}")  # fmt: skip
    variants = {"classifier": classifier, "detected-means": means}
    variants["average"] = 0.5 * (classifier + means)
    index = np.arange(len(rows))
    for name, quality in variants.items():
        points = []
        for knob in router_grid():
            chosen = pick(quality, cost, knob, router.cost_unit)
            points.append((rows.scores[index, chosen].mean(), rows.costs[index, chosen].sum()))
        figures = np.array(points)
        within = figures[figures[:, 1] <= budget, 0]
        at_30 = within.max() if len(within) else float("nan")
        print(f"  {name:15s} quality at <=30% cost {at_30:.4f}; best {figures[:, 0].max():.4f}")


def router_grid() -> np.ndarray:
    return Learned().grid()


if __name__ == "__main__":
    main(sys.argv[1], set(sys.argv[2].split(",")))
