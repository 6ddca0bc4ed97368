"""Small literal corpora shared by the triage core tests (all written for these tests)."""

import pytest

from jiesu.triage.core import ClassifierParams, FeatureParams

ORDERS = {
    "城乡建设/物业管理": [
        "小区物业乱收停车费，业主意见很大",
        "物业公司不作为，楼道灯坏了一个月没人修",
        "物业擅自提高物业费标准，没有公示",
        "投诉物业管理混乱，小区大门门禁一直坏着",
        "物业把公共绿地改成停车位收费",
        "物业服务差，电梯故障报修三天没人来",
        "小区物业不让业主成立业委会",
        "物业费涨价没有征求业主意见",
    ],
    "环境保护/噪声": [
        "工地夜间施工噪音扰民，凌晨还在打桩",
        "楼下酒吧音响太大，半夜吵得睡不着",
        "广场舞音乐声音太大，影响居民休息",
        "附近工厂机器噪音很大，白天晚上都响",
        "夜里渣土车来回跑，轰鸣声扰民",
        "装修公司周末一早就电钻施工，噪音大",
        "KTV深夜噪音扰民，多次投诉没有效果",
        "商铺门口大喇叭循环播放广告，很吵",
    ],
    "交通运输/公交": [
        "公交车晚点严重，早高峰等了四十分钟",
        "建议增加夜班公交线路，下班没车回家",
        "公交司机不等乘客坐稳就开车",
        "希望调整公交站点位置，离小区太远",
        "公交车太挤，建议高峰期加密班次",
        "某路公交车经常不进站停靠",
        "公交车空调不开，车厢里很闷热",
        "申请开通小区到地铁站的接驳公交",
    ],
    "劳动和社会保障/欠薪": [
        "公司拖欠工资三个月，老板找不到人",
        "工地包工头欠农民工工资不给",
        "单位不给员工缴纳社保，多次催要无果",
        "离职后公司一直不结算最后一个月工资",
        "饭店老板拖欠服务员工资，要求帮忙讨薪",
        "公司克扣加班费，不签劳动合同",
        "装修队干完活拿不到工钱",
        "企业停产后欠发职工工资和补偿金",
    ],
}


def corpus() -> tuple[list[str], list[str]]:
    """(texts, labels) of :data:`ORDERS`, in a fixed order."""
    texts, labels = [], []
    for label, rows in ORDERS.items():
        texts += rows
        labels += [label] * len(rows)
    return texts, labels


@pytest.fixture
def small_params() -> ClassifierParams:
    """Parameters sized for 32 short texts: every n-gram counts, one C (plain SVMs only), three inner folds."""
    return ClassifierParams(
        features=FeatureParams(min_df=1), c_grid=(1.0,), nb_c_grid=(), inner_folds=3, n_jobs=1
    )
