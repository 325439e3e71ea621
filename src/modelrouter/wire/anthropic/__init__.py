"""Anthropic's Messages wire format, both ways: ``calls`` (modelrouter calling Anthropic
upstreams), ``requests`` and ``answers`` (Anthropic clients calling the gateway)."""
