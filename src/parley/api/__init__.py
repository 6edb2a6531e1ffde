"""Parley's JSON API under ``/api``: routes, response schemas, request dependencies and security.

``parley.api.app.create_app()`` builds the application for ``parley serve``: this API plus the
:mod:`parley.web` pages. This package imports nothing itself, so that the pages can use its
dependencies and security helpers without importing the app that mounts them.
"""
