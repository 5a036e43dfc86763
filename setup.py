"""Build hook: refuse to build a package without the compiled stylesheet.

Everything else about the package is declared in pyproject.toml. The stylesheet
(pathways/static/vendor/pathways.css) is compiled from GOV.UK Frontend's Sass by scripts/bootstrap
with npm, and is not kept in git. The build does not run npm itself: pip builds in an isolated
environment that may have neither Node.js nor the npm registry, and a package built without the
stylesheet would install and start but show every page unstyled. So the build stops here instead,
saying what to run.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

STYLESHEET = Path("pathways/static/vendor/pathways.css")


class BuildWithStylesheet(build_py):
    def run(self) -> None:
        if not (Path(__file__).parent / STYLESHEET).is_file():
            raise SystemExit(
                f"error: {STYLESHEET} is missing. It is compiled with npm, not kept in git: run "
                "scripts/bootstrap in the checkout first (it needs Node.js and npm), then build again."
            )
        super().run()


setup(cmdclass={"build_py": BuildWithStylesheet})
