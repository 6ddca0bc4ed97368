from django import forms

from jiesu.intake.importing import UnusableFile, mapping_load
from jiesu.intake.importing.limits import import_limits
from jiesu.intake.importing.reader import file_refusal

MAPPING_MAX_BYTES = 64 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(label="平台导出文件", help_text="12345 平台导出的 .xlsx 或 .csv 文件")
    mapping = forms.FileField(
        label="表头映射（可选）",
        required=False,
        help_text='JSON 文件，如 {"number": "平台工单号", "received_at": "接件时间"}',
    )
    dry_run = forms.BooleanField(label="试运行（只检查，不写入）", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "file"
        ].help_text = f"12345 平台导出的 .xlsx 或 .csv 文件，最大 {import_limits().max_upload_mb} MB"

    def clean_file(self):
        """What can be judged at once (size, type, empty); the caps inside the file are checked by
        the import itself, in the background."""
        upload = self.cleaned_data["file"]
        upload.seek(0)
        head = upload.read(64 * 1024)
        upload.seek(0)
        if refusal := file_refusal(head=head, filename=upload.name, size=upload.size):
            raise forms.ValidationError(refusal)
        return upload

    def clean_mapping(self):
        upload = self.cleaned_data.get("mapping")
        if not upload:
            return None
        if upload.size > MAPPING_MAX_BYTES:
            raise forms.ValidationError("映射文件超过 64 KB，正常的表头映射只有几行。")
        try:
            return mapping_load(upload.read())
        except UnusableFile as exc:
            raise forms.ValidationError(exc.message) from exc
