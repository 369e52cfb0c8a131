"""JSON Schemas of the documents evalkit writes (package data)."""
