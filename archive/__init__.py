"""The meeting archive: load → validate → model → render → index.

Each stage is one module; ``build.py`` wires them together. The archive logic
does not depend on mkdocs: only ``plugin.py`` does.
"""
