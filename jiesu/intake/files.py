"""Files that wait for a background job: an uploaded import until its job has read it, a finished
export until its creator downloads it.

They live in their own private folder (settings.JIESU_JOB_FILES_DIR, through Django's storage
API), under random names that keep only the suffix of what the user sent (never their path), with
owner-only permissions; nothing serves that folder. Each is removed once used; whatever a crash
left behind is removed after a day by `job_files_cleanup`, run at the start of every job.
"""

import secrets
import time
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import FileSystemStorage

MAX_AGE_SECONDS = 24 * 3600
SAFE_SUFFIXES = {".xlsx", ".xlsm", ".csv", ".txt"}


def job_storage() -> FileSystemStorage:
    return FileSystemStorage(
        location=settings.JIESU_JOB_FILES_DIR, file_permissions_mode=0o600, directory_permissions_mode=0o700
    )


def job_file_name(kind: str, original: str = "") -> str:
    suffix = PurePath(original).suffix.lower()
    return f"{kind}/{secrets.token_hex(16)}{suffix if suffix in SAFE_SUFFIXES else ''}"


def job_file_save(*, kind: str, upload, original: str = "") -> str:
    """Store an upload (or any Django File) for a job; returns its storage name."""
    if hasattr(upload, "seek"):
        upload.seek(0)
    return job_storage().save(job_file_name(kind, original or getattr(upload, "name", "")), upload)


def job_file_delete(name: str) -> None:
    if name:
        job_storage().delete(name)


def job_files_cleanup(*, max_age_seconds: int = MAX_AGE_SECONDS) -> int:
    """Remove job files older than a day (an export never downloaded, an upload of a lost job)."""
    storage = job_storage()
    removed = 0
    cutoff = time.time() - max_age_seconds
    for folder in ("import", "export"):
        try:
            _dirs, files = storage.listdir(folder)
        except FileNotFoundError:
            continue
        for file_name in files:
            name = f"{folder}/{file_name}"
            try:
                if storage.get_modified_time(name).timestamp() < cutoff:
                    storage.delete(name)
                    removed += 1
            except FileNotFoundError:
                continue
    return removed
