"""Packaging beyond what pyproject.toml can say: the Alembic migrations travel in the wheel.

``migrations/`` stays at the top of the checkout (where ``alembic.ini`` and developers expect it) and is installed as
the package ``alemai_registry_migrations``, so that ``registry db upgrade`` finds its scripts through the installed
package wherever it runs, never through the working directory.
"""

from setuptools import find_namespace_packages, setup

MIGRATIONS_PACKAGE = "alemai_registry_migrations"

setup(
    packages=[
        *find_namespace_packages(include=["registry*", "licensing*", "api*"], exclude=["*.__pycache__"]),
        MIGRATIONS_PACKAGE,
        f"{MIGRATIONS_PACKAGE}.versions",
        f"{MIGRATIONS_PACKAGE}.sql",
    ],
    package_dir={MIGRATIONS_PACKAGE: "migrations"},
)
