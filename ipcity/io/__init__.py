"""Spreadsheets in and out: reading sheets (`sheets`), turning rows into figures (`importer`), export rows (`export`)."""
