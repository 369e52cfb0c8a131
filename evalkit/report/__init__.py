"""Renderers: each turns a Results document into one output format."""
