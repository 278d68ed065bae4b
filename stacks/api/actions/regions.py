"""DescribeRegions: the regions this installation serves (settings.ROSCONSOLE_REGIONS)."""
from __future__ import annotations

from typing import Any

from django.conf import settings

from stacks.api.context import ApiContext

ENDPOINT = "ros.aliyuncs.com"
# (zh-CN, en-US) local names of the public regions; unknown ids are shown as themselves.
NAMES: dict[str, tuple[str, str]] = {
    "cn-qingdao": ("华北1（青岛）", "China (Qingdao)"),
    "cn-beijing": ("华北2（北京）", "China (Beijing)"),
    "cn-zhangjiakou": ("华北3（张家口）", "China (Zhangjiakou)"),
    "cn-huhehaote": ("华北5（呼和浩特）", "China (Hohhot)"),
    "cn-wulanchabu": ("华北6（乌兰察布）", "China (Ulanqab)"),
    "cn-hangzhou": ("华东1（杭州）", "China (Hangzhou)"),
    "cn-shanghai": ("华东2（上海）", "China (Shanghai)"),
    "cn-nanjing": ("华东5（南京-本地地域）", "China (Nanjing - Local Region)"),
    "cn-shenzhen": ("华南1（深圳）", "China (Shenzhen)"),
    "cn-heyuan": ("华南2（河源）", "China (Heyuan)"),
    "cn-guangzhou": ("华南3（广州）", "China (Guangzhou)"),
    "cn-chengdu": ("西南1（成都）", "China (Chengdu)"),
    "cn-hongkong": ("中国香港", "China (Hong Kong)"),
    "ap-northeast-1": ("日本（东京）", "Japan (Tokyo)"),
    "ap-northeast-2": ("韩国（首尔）", "South Korea (Seoul)"),
    "ap-southeast-1": ("新加坡", "Singapore"),
    "ap-southeast-3": ("马来西亚（吉隆坡）", "Malaysia (Kuala Lumpur)"),
    "ap-southeast-5": ("印度尼西亚（雅加达）", "Indonesia (Jakarta)"),
    "ap-southeast-6": ("菲律宾（马尼拉）", "Philippines (Manila)"),
    "ap-southeast-7": ("泰国（曼谷）", "Thailand (Bangkok)"),
    "us-east-1": ("美国（弗吉尼亚）", "US (Virginia)"),
    "us-west-1": ("美国（硅谷）", "US (Silicon Valley)"),
    "eu-west-1": ("英国（伦敦）", "UK (London)"),
    "eu-central-1": ("德国（法兰克福）", "Germany (Frankfurt)"),
    "me-east-1": ("阿联酋（迪拜）", "UAE (Dubai)"),
    "me-central-1": ("沙特（利雅得）", "SAU (Riyadh)"),
}
LANGUAGES = ("zh-CN", "en-US", "ja")


def describe_regions(ctx: ApiContext) -> dict[str, Any]:
    language = ctx.params.enum("AcceptLanguage", LANGUAGES, default="zh-CN")
    english = language != "zh-CN"
    regions = []
    for region_id in settings.ROSCONSOLE_REGIONS:
        names = NAMES.get(region_id)
        local = (names[1] if english else names[0]) if names else region_id
        regions.append({"RegionId": region_id, "LocalName": local, "RegionEndpoint": ENDPOINT})
    return {"Regions": regions}
