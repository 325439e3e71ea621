"""Train as you serve: the task type the configured detector gives each prompt.

The gateway never sees a benchmark label: the learned policy is handed the task type
that ``routing.detector`` (found through the registry) gives the request. ``labeller``
builds that detector from the settings and labels prompts the same way, so a router is
fitted, and judged offline, on the features it sees when serving, whichever detector the
settings name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from modelrouter import registry
from modelrouter.config.schema import Settings
from modelrouter.detect.base import Detector
from modelrouter.detect.evaluate import request_of
from modelrouter.learn.learned import Labeller


class DetectorLabeller:
    """Labels prompts with the configured detector's task type (cached per prompt text:
    cross-validation asks for the same prompts once per fold)."""

    def __init__(self, detector: Detector, name: str) -> None:
        self.detector = detector
        self.name = name
        self._seen: dict[str, str] = {}

    def warm(self, prompts: Sequence[str], advance: Callable[[int], None]) -> None:
        """Label every prompt now (the slow part of training), calling ``advance`` after
        each, so later calls are answered from the cache."""
        for prompt in prompts:
            self((prompt,))
            advance(1)

    def __call__(self, prompts: Sequence[str]) -> tuple[str, ...]:
        """The detected task type of each prompt, as the gateway detects a one-message
        request."""
        labels = []
        for prompt in prompts:
            label = self._seen.get(prompt)
            if label is None:
                label = self.detector.detect(request_of({"prompt": prompt or " "})).task
                self._seen[prompt] = label
            labels.append(label)
        return tuple(labels)


def labeller(settings: Settings) -> Labeller:
    """The labeller of ``settings.routing.detector`` over ``settings.tasks``."""
    routing = settings.routing
    factory = registry.load("detector", routing.detector)
    return DetectorLabeller(factory(settings.tasks, routing.default_task), routing.detector)
