"""The pages of the dashboard: each has ``layout(...)`` and ``register(app, current)``."""
