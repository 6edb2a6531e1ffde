"""Parley's server-rendered web UI: page routes, SVG chart geometry and text highlighting, next to the
Jinja2 templates and static files they use. ``parley.api.app.create_app`` mounts it beside the JSON API."""
