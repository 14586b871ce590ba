"""Stage 4a, render data: the views of the site's pages, one module per
family of routes (``routes.py`` says which function makes which page).

Templates receive these ready-made views and only lay them out: every link,
date text and piece of HTML is decided here; interface text comes from the
catalogue (``i18n.py``).
"""
