"""Policies: turn a request and its task into an ordered plan of attempts. Never call a model."""
