"""Deliberation (议事): programmes, representatives, topics, monthly pick, meetings, follow-up."""
