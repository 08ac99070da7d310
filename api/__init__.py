"""The HTTP layer: app factory, settings, routes, auth, problem+json errors, CLI and the dashboard."""
