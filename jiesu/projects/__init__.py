"""Proactive projects (主动治理 / 未诉先办): batches, projects, funding lines, effect."""
