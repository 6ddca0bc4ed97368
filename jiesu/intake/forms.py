from django import forms

from jiesu.intake.importing import UnusableFile, mapping_load

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(label="平台导出文件", help_text="12345 平台导出的 .xlsx 或 .csv 文件")
    mapping = forms.FileField(
        label="表头映射（可选）",
        required=False,
        help_text='JSON 文件，如 {"number": "平台工单号", "received_at": "接件时间"}',
    )
    dry_run = forms.BooleanField(label="试运行（只检查，不写入）", required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("文件超过 50 MB，请分批导出后再导入。")
        return upload

    def clean_mapping(self):
        upload = self.cleaned_data.get("mapping")
        if not upload:
            return None
        try:
            return mapping_load(upload.read())
        except UnusableFile as exc:
            raise forms.ValidationError(exc.message) from exc
