"""Build hook: ship the top-level ``rules/`` folder inside the wheel as ``oit_checker/rules`` (package data),
and the real-text examples ``tests/realtext`` as ``oit_checker/rules/examples``.

Everything else is declared in pyproject.toml. ``packages.find`` cannot map a folder
outside the package, so this adds the one mapped package; ``oit_checker/paths.py`` finds
the rules there in a wheel, and at the top level in a checkout or an editable install.
"""

from setuptools import setup
from setuptools.command.build_py import build_py

RULES_PACKAGE, RULES_SOURCE = "oit_checker.rules", "rules"
# the labelled real-text examples the learned locate signal is trained on (oit_checker/learned.py)
EXAMPLES_PACKAGE, EXAMPLES_SOURCE = "oit_checker.rules.examples", "tests/realtext"


class BuildPyWithRules(build_py):
    """build_py that also copies rules/ (YAML and JSON schemas) into oit_checker/rules, and the real-text
    examples (tests/realtext/*.yaml) into oit_checker/rules/examples."""

    def finalize_options(self) -> None:
        dist = self.distribution
        for package in (RULES_PACKAGE, EXAMPLES_PACKAGE):
            if package not in (dist.packages or []):
                dist.packages = [*(dist.packages or []), package]
        dist.package_dir = {**(dist.package_dir or {}), RULES_PACKAGE: RULES_SOURCE,
                            EXAMPLES_PACKAGE: EXAMPLES_SOURCE}
        super().finalize_options()


setup(cmdclass={"build_py": BuildPyWithRules})
