"""Rehearse coaching layer: turns nlp analyses into feedback, batch runs and evaluations."""
