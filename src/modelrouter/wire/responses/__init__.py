"""The OpenAI Responses API as a translation to and from the internal chat shape."""
