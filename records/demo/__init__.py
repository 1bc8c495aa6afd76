"""Invented demo data for a first look (``manage.py load_demo``); never imported by the running app."""
