"""The HTTP gateway: OpenAI- and Anthropic-compatible APIs over the router. Edges only."""
