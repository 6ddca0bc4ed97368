"""Staff pages of the public channel: QR posters to print, and the list of public submissions."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jiesu.accounts import access
from jiesu.core.masking import mask_name, mask_phone
from jiesu.core.xlsx import write_xlsx
from jiesu.places.models import Community
from jiesu.public.links import public_url
from jiesu.public.places import Place, place_kinds
from jiesu.public.posters import PosterPage, posters_pdf
from jiesu.public.selectors import submission_list
from jiesu.workorders.models import Channel
from jiesu.workorders.states import Status

PAGE_SIZE = 50
POSTERS_PER_FILE = 200
EXPORT_MAX_ROWS = 20000


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def _issuer(place: Place) -> str:
    street = place.community.street.name if place.community else ""
    return street or "街道"


def poster_page(request: HttpRequest, place: Place) -> PosterPage:
    kind = place_kinds.items_by_key()[place.kind]
    return PosterPage(
        title=kind.poster_title,
        place_label=place.label,
        kind_label=kind.label,
        url=public_url(request, place),
        lines=kind.poster_lines,
        issuer=_issuer(place),
    )


class PosterFilterForm(forms.Form):
    kind = forms.ChoiceField(label="位置类型", required=False)
    community = forms.ModelChoiceField(
        label="社区", queryset=Community.objects.none(), required=False, empty_label="全部社区"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(key, kind.label) for key, kind in place_kinds.keyed()]
        self.fields["community"].queryset = access.scope(user, Place, Community.objects.order_by("id"))


def _posters_listed(user, kind_key: str, community: Community | None) -> list[Place]:
    kind = place_kinds.items_by_key()[kind_key]
    objects = access.scope(user, Place, kind.objects())
    places = [kind.place_of(obj) for obj in objects]
    if community is not None:
        places = [place for place in places if place.community and place.community.pk == community.pk]
    return places


@require_GET
@login_required
def posters(request: HttpRequest) -> HttpResponse:
    """The places whose posters the user may print, one kind at a time; single or all as PDF."""
    form = PosterFilterForm(request.GET or None, user=request.user)
    kinds = place_kinds.items_by_key()
    if not access.scope(request.user, Place, Community.objects.all()).exists():
        raise Http404("您没有可打印的二维码海报。")
    kind_key, community = "c", None
    if form.is_valid():
        kind_key = form.cleaned_data["kind"] or "c"
        community = form.cleaned_data["community"]
    places = _posters_listed(request.user, kind_key, community)
    if request.GET.get("format") == "pdf":
        if not places:
            raise Http404("没有可打印的海报。")
        pages = [poster_page(request, place) for place in places[:POSTERS_PER_FILE]]
        response = HttpResponse(posters_pdf(pages), content_type="application/pdf")
        response["Content-Disposition"] = f"attachment; filename=posters-{kind_key}.pdf"
        return response
    page = Paginator(places, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "kind": kinds[kind_key], "kind_key": kind_key}
    return render(request, "public/posters.html", context)


@require_GET
@login_required
def poster(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    place_kind = place_kinds.items_by_key().get(kind)
    place = place_kind.load(pk) if place_kind else None
    if place is None or not access.can(request.user, "print", place):
        raise Http404("海报不存在或不在您的权限范围内。")
    response = HttpResponse(posters_pdf([poster_page(request, place)]), content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename=poster-{kind}{pk}.pdf"
    return response


class SubmissionFilterForm(forms.Form):
    channel = forms.ChoiceField(
        label="渠道",
        required=False,
        choices=[("", "全部"), (Channel.QR, "扫码"), (Channel.RIDER, "小哥说事")],
    )
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *Status.choices])
    rated = forms.ChoiceField(
        label="线上评价", required=False, choices=[("", "全部"), ("yes", "已评价"), ("no", "未评价")]
    )
    community = forms.ModelChoiceField(
        label="社区", queryset=Community.objects.order_by("id"), required=False, empty_label="全部社区"
    )
    date_from = forms.DateField(
        label="提交日期从", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label="至", required=False, widget=forms.DateInput(attrs={"type": "date"}))


def _submission_filters(form: SubmissionFilterForm) -> dict:
    if not form.is_valid():
        return {}
    data = dict(form.cleaned_data)
    data["community"] = data["community"].pk if data.get("community") else None
    return data


def _export_rows(rows):
    for row in rows:
        order = row.order
        yield [
            order.number,
            order.get_channel_display(),
            row.created_at,
            row.place_label,
            row.everyday.label if row.everyday else "",
            order.title,
            order.community.name if order.community else "",
            mask_name(order.citizen_name),
            mask_phone(order.citizen_phone),
            order.get_status_display(),
            row.photo_count,
            row.rated_at,
            order.get_visit_satisfaction_display() if row.rated_at else "",
        ]


@require_GET
@login_required
def submissions(request: HttpRequest) -> HttpResponse:
    if access.visibility(request.user).empty:
        raise Http404("页面不存在。")
    form = SubmissionFilterForm(request.GET or None)
    rows = submission_list(user=request.user, filters=_submission_filters(form))
    if request.GET.get("format") == "xlsx":
        headers = [
            "工单编号",
            "渠道",
            "提交时间",
            "二维码位置",
            "问题类别",
            "标题",
            "社区",
            "诉求人",
            "电话",
            "状态",
            "照片数",
            "线上评价时间",
            "满意度",
        ]
        content = write_xlsx(
            headers=headers, rows=_export_rows(rows[:EXPORT_MAX_ROWS]), sheet_title="公众提交"
        )
        return xlsx_response(content, f"public-submissions-{timezone.localdate():%Y%m%d}.xlsx")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "form": form}
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "public/submissions.html#results", context)
    return render(request, "public/submissions.html", context)
