"""The jobs of launch/scale (entry point: launch/scaling.py)."""
