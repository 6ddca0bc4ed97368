from django import forms


class NoteForm(forms.Form):
    note = forms.CharField(
        label="说明", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class LinkActionForm(NoteForm):
    action_text = forms.CharField(
        label="关联行动", max_length=200, help_text="如 主动治理项目、吹哨报到、维修安排"
    )
    action_url = forms.CharField(label="链接(可选)", max_length=300, required=False)


FORMS = {"acknowledge": NoteForm, "link_action": LinkActionForm, "close": NoteForm}
