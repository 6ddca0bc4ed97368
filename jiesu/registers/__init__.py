"""Point registers (点位台账) per compound and topic, and seasonal campaigns."""
