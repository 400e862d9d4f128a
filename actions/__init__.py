"""Rasa custom actions. Keep them thin: the logic lives in ``bot``."""
