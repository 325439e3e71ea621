"""modelrouter."""
