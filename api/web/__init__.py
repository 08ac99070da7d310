"""The web application: server-rendered pages (Jinja2) for the public, founders, reviewers and admins.

See ``docs/web.md``. Every area is one module with its router (:func:`api.web.pages.page_router`) and its templates
under ``templates/<area>/``; :func:`api.web.site.web_routers` lists them for the app.
"""
