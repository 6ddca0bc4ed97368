"""Helpers of the whistle views: a whistle outside the scope does not exist for the viewer."""

from django.http import Http404

from jiesu.whistles.models import Summons, Whistle
from jiesu.whistles.selectors import summons_get, whistle_get


def whistle_or_404(*, user, pk: int) -> Whistle:
    try:
        return whistle_get(user=user, whistle_id=pk)
    except Whistle.DoesNotExist as missing:
        raise Http404("吹哨不存在或不在您的权限范围内。") from missing


def summons_or_404(*, whistle: Whistle, pk: int) -> Summons:
    try:
        return summons_get(whistle=whistle, summons_id=pk)
    except Summons.DoesNotExist as missing:
        raise Http404("该召集单位不存在。") from missing
