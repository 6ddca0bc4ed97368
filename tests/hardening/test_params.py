"""The shared parameter parsers: a clear Chinese reason and status 400 for what they cannot use."""

from datetime import date

import pytest
from django.http import QueryDict
from django.urls import reverse

from jiesu.core.params import BadParameter, param_date, param_int, param_month, param_text
from jiesu.workorders.filters import filters_from_query


@pytest.mark.parametrize(
    ("parse", "value", "message"),
    [
        (param_int, "18446744073709551616", "参数「x」无效：应为 1 到 9223372036854775807 之间的整数。"),
        (param_int, "²", "参数「x」无效：应为 1 到 9223372036854775807 之间的整数。"),
        (
            param_date,
            "9999-12-31",
            "参数「x」无效：应为 1990-01-01 至 2100-12-31 之间的日期（如 2024-09-01）。",
        ),
        (
            param_date,
            "0001-01-01",
            "参数「x」无效：应为 1990-01-01 至 2100-12-31 之间的日期（如 2024-09-01）。",
        ),
        (
            param_date,
            "2024-02-30",
            "参数「x」无效：应为 1990-01-01 至 2100-12-31 之间的日期（如 2024-09-01）。",
        ),
        (param_month, "2024-13", "参数「x」无效：应为 1990-01 至 2100-12 之间的月份（如 2024-09）。"),
        (param_text, "水" * 101, "参数「x」无效：不能超过 100 个字。"),
    ],
)
def test_a_value_out_of_range_is_refused_with_its_name_and_range(parse, value, message):
    with pytest.raises(BadParameter) as refused:
        parse(QueryDict(mutable=True) | {"x": value}, "x")
    assert refused.value.message == message


def test_values_in_range_and_absent_ones_pass():
    query = QueryDict("community=12&date_from=2024-09-01&date_to=2024-09-30&q=+井盖+&status=new")
    filters = filters_from_query(query)
    assert (filters.community, filters.date_from, filters.date_to, filters.q, filters.status) == (
        12,
        date(2024, 9, 1),
        date(2024, 9, 30),
        "井盖",
        "new",
    )
    assert filters_from_query(QueryDict("community=&unit=")).community is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "query", "reason"),
    [
        ("order_list", {"date_to": "9999-12-31"}, "参数「date_to」无效"),
        ("order_list", {"date_from": "0001-01-01"}, "参数「date_from」无效"),
        ("order_list", {"community": str(2**64)}, "参数「community」无效"),
        ("export_orders", {"unit": "-9223372036854775809"}, "参数「unit」无效"),
        ("insight_dashboard", {"start": "0001-01"}, "参数「start」无效"),
        ("insight_report", {"month": "9999-12"}, "参数「start」无效"),
        ("insight_dashboard", {"community": str(2**64)}, "参数「community」无效"),
    ],
)
def test_pages_answer_400_with_the_reason(client, dispatcher, url, query, reason):
    client.force_login(dispatcher)
    response = client.get(reverse(url), query)
    assert response.status_code == 400
    assert reason in response.content.decode()
