"""Only here to add the top-level resources/ folder as the package ``reviewdesk.resources`` (and its
``i18n`` folder of translations as ``reviewdesk.resources.i18n``).

Everything else about the build is declared in pyproject.toml; pyproject alone cannot combine a
package search with one extra mapped package.
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages("src"), "reviewdesk.resources", "reviewdesk.resources.i18n"])
