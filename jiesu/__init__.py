"""Jiesu (接诉): a subdistrict's 接诉即办 platform."""

from config.celery import app as celery_app

__all__ = ["celery_app"]
