"""Extraction: from a document's text to meetings and statements, in declared stages."""
