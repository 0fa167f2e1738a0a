# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Install both addons as ``odoo.addons.<addon>``.

Odoo finds addons through the ``odoo/addons`` folders on ``sys.path``. A
regular install copies each addon there. An editable install
(``pip install -e .``) puts ``.odoo-namespace/`` on ``sys.path``: that folder
holds ``odoo/addons/<addon>`` links to the addons of this checkout, so Odoo
loads the files you edit.

Importing this file writes nothing: the links are laid by the commands that
read the packages (``egg_info``, ``build_py``, ``sdist``, ``editable_wheel``),
when they run. Each addon also builds as a wheel of its own with whool
(``make wheels``); this file is the one package of the whole checkout.
"""

import ast
import os
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.editable_wheel import editable_wheel
from setuptools.command.egg_info import egg_info
from setuptools.command.sdist import sdist

ROOT = Path(__file__).resolve().parent
ADDONS = ("aftersales_service", "aftersales_service_reports")
NAMESPACE = ".odoo-namespace"


def _link_addons():
    """Lay ``.odoo-namespace/odoo/addons/<addon>`` links to the addons."""
    addons_dir = ROOT / NAMESPACE / "odoo" / "addons"
    addons_dir.mkdir(parents=True, exist_ok=True)
    for addon in ADDONS:
        link = addons_dir / addon
        if not link.is_symlink():
            link.symlink_to(os.path.relpath(ROOT / addon, addons_dir))


def _manifest_version():
    """The version of the main addon, read from its manifest."""
    manifest = ROOT / ADDONS[0] / "__manifest__.py"
    return ast.literal_eval(manifest.read_text(encoding="utf-8"))["version"]


def _packages_and_data():
    """Every Python package of the addons, and every other file as data."""
    packages, package_data = [], {}
    for addon in ADDONS:
        for folder, dirs, files in os.walk(ROOT / addon):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            relative = Path(folder).relative_to(ROOT)
            if "__init__.py" in files:
                package = ".".join(("odoo", "addons", *relative.parts))
                packages.append(package)
                package_data[package] = ["*"] + [
                    str(Path(sub, "**", "*"))
                    for sub in dirs
                    if not (Path(folder, sub, "__init__.py")).exists()
                ]
    return packages, package_data


class LinkAddons:
    """Lay the links to the addons before the command reads the packages."""

    def run(self):
        _link_addons()
        super().run()


class EggInfo(LinkAddons, egg_info):
    pass


class BuildPy(LinkAddons, build_py):
    pass


class Sdist(LinkAddons, sdist):
    pass


class EditableWheel(LinkAddons, editable_wheel):
    """Editable install through a plain path entry to ``.odoo-namespace``.

    setuptools would otherwise import the addons through an import hook,
    which Odoo's addon discovery (it lists the ``odoo/addons`` folders) does
    not see.
    """

    def finalize_options(self):
        super().finalize_options()
        self.mode = "compat"


PACKAGES, PACKAGE_DATA = _packages_and_data()

setup(
    name="odoo-addons-aftersales-service",
    version=_manifest_version(),
    description="After-sales service for Odoo 18: warranties, claims, "
    "repairs, loaners, dealers and their documents",
    long_description=(ROOT / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="AGPL-3.0-or-later",
    python_requires=">=3.10",
    package_dir={"": NAMESPACE},
    packages=PACKAGES,
    package_data=PACKAGE_DATA,
    install_requires=[
        "odoo-addon-helpdesk_mgmt>=18.0,<18.1dev",
        "odoo-addon-fieldservice>=18.0,<18.1dev",
        "odoo-addon-fieldservice_equipment_stock>=18.0,<18.1dev",
        "odoo-addon-fieldservice_recurring>=18.0,<18.1dev",
    ],
    classifiers=[
        "Programming Language :: Python",
        "Framework :: Odoo",
        "Framework :: Odoo :: 18.0",
        "License :: OSI Approved :: GNU Affero General Public License v3",
    ],
    cmdclass={
        "egg_info": EggInfo,
        "build_py": BuildPy,
        "sdist": Sdist,
        "editable_wheel": EditableWheel,
    },
    zip_safe=False,
)
