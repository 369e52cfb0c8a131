"""Lets the installed package carry the seed gold as ``evalkit.seed_gold`` package data."""
