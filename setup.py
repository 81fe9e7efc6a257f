"""The package list: omclient's code plus the top-level ``resources/`` and
``migrations/`` folders, which pyproject.toml's package-dir maps into the package.

Everything else about the build is in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["omclient", "omclient.*"]),
        "omclient.resources",
        "omclient.migrations",
    ]
)
