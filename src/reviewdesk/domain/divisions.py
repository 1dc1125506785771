"""湖北 administrative divisions (GB/T 2260 codes) as data.

Why here and as plain data: identity checks need the address codes an ID number may start with, and the
demo generator needs the real 市州/区县 tree to build believable organisations. Both read the same table.
The codes are the current ones (2023); identity checks also accept a few historical prefecture prefixes
(people keep the ID number issued where they were born, decades ago).
"""

from __future__ import annotations

from dataclasses import dataclass

HUBEI_CODE = "420000"
HUBEI_NAME = "湖北省"


@dataclass(frozen=True)
class County:
    """A 区/县/县级市 under a 市州."""

    code: str
    name: str


@dataclass(frozen=True)
class City:
    """A 市州-level division. ``directly_administered`` cities (省直管) have no 区县 level."""

    code: str
    name: str
    short_name: str
    counties: tuple[County, ...]
    directly_administered: bool = False


def _counties(*pairs: tuple[str, str]) -> tuple[County, ...]:
    return tuple(County(code, name) for code, name in pairs)


HUBEI_CITIES: tuple[City, ...] = (
    City(
        "420100",
        "武汉市",
        "武汉",
        _counties(
            ("420102", "江岸区"),
            ("420103", "江汉区"),
            ("420104", "硚口区"),
            ("420105", "汉阳区"),
            ("420106", "武昌区"),
            ("420107", "青山区"),
            ("420111", "洪山区"),
            ("420112", "东西湖区"),
            ("420113", "汉南区"),
            ("420114", "蔡甸区"),
            ("420115", "江夏区"),
            ("420116", "黄陂区"),
            ("420117", "新洲区"),
        ),
    ),
    City(
        "420200",
        "黄石市",
        "黄石",
        _counties(
            ("420202", "黄石港区"),
            ("420203", "西塞山区"),
            ("420204", "下陆区"),
            ("420205", "铁山区"),
            ("420222", "阳新县"),
            ("420281", "大冶市"),
        ),
    ),
    City(
        "420300",
        "十堰市",
        "十堰",
        _counties(
            ("420302", "茅箭区"),
            ("420303", "张湾区"),
            ("420304", "郧阳区"),
            ("420322", "郧西县"),
            ("420323", "竹山县"),
            ("420324", "竹溪县"),
            ("420325", "房县"),
            ("420381", "丹江口市"),
        ),
    ),
    City(
        "420500",
        "宜昌市",
        "宜昌",
        _counties(
            ("420502", "西陵区"),
            ("420503", "伍家岗区"),
            ("420504", "点军区"),
            ("420505", "猇亭区"),
            ("420506", "夷陵区"),
            ("420525", "远安县"),
            ("420526", "兴山县"),
            ("420527", "秭归县"),
            ("420528", "长阳土家族自治县"),
            ("420529", "五峰土家族自治县"),
            ("420581", "宜都市"),
            ("420582", "当阳市"),
            ("420583", "枝江市"),
        ),
    ),
    City(
        "420600",
        "襄阳市",
        "襄阳",
        _counties(
            ("420602", "襄城区"),
            ("420606", "樊城区"),
            ("420607", "襄州区"),
            ("420624", "南漳县"),
            ("420625", "谷城县"),
            ("420626", "保康县"),
            ("420682", "老河口市"),
            ("420683", "枣阳市"),
            ("420684", "宜城市"),
        ),
    ),
    City(
        "420700",
        "鄂州市",
        "鄂州",
        _counties(("420702", "梁子湖区"), ("420703", "华容区"), ("420704", "鄂城区")),
    ),
    City(
        "420800",
        "荆门市",
        "荆门",
        _counties(
            ("420802", "东宝区"),
            ("420804", "掇刀区"),
            ("420822", "沙洋县"),
            ("420881", "钟祥市"),
            ("420882", "京山市"),
        ),
    ),
    City(
        "420900",
        "孝感市",
        "孝感",
        _counties(
            ("420902", "孝南区"),
            ("420921", "孝昌县"),
            ("420922", "大悟县"),
            ("420923", "云梦县"),
            ("420981", "应城市"),
            ("420982", "安陆市"),
            ("420984", "汉川市"),
        ),
    ),
    City(
        "421000",
        "荆州市",
        "荆州",
        _counties(
            ("421002", "沙市区"),
            ("421003", "荆州区"),
            ("421022", "公安县"),
            ("421024", "江陵县"),
            ("421081", "石首市"),
            ("421083", "洪湖市"),
            ("421087", "松滋市"),
            ("421088", "监利市"),
        ),
    ),
    City(
        "421100",
        "黄冈市",
        "黄冈",
        _counties(
            ("421102", "黄州区"),
            ("421121", "团风县"),
            ("421122", "红安县"),
            ("421123", "罗田县"),
            ("421124", "英山县"),
            ("421125", "浠水县"),
            ("421126", "蕲春县"),
            ("421127", "黄梅县"),
            ("421181", "麻城市"),
            ("421182", "武穴市"),
        ),
    ),
    City(
        "421200",
        "咸宁市",
        "咸宁",
        _counties(
            ("421202", "咸安区"),
            ("421221", "嘉鱼县"),
            ("421222", "通城县"),
            ("421223", "崇阳县"),
            ("421224", "通山县"),
            ("421281", "赤壁市"),
        ),
    ),
    City(
        "421300",
        "随州市",
        "随州",
        _counties(("421303", "曾都区"), ("421321", "随县"), ("421381", "广水市")),
    ),
    City(
        "422800",
        "恩施土家族苗族自治州",
        "恩施州",
        _counties(
            ("422801", "恩施市"),
            ("422802", "利川市"),
            ("422822", "建始县"),
            ("422823", "巴东县"),
            ("422825", "宣恩县"),
            ("422826", "咸丰县"),
            ("422827", "来凤县"),
            ("422828", "鹤峰县"),
        ),
    ),
    City("429004", "仙桃市", "仙桃", (), directly_administered=True),
    City("429005", "潜江市", "潜江", (), directly_administered=True),
    City("429006", "天门市", "天门", (), directly_administered=True),
    City("429021", "神农架林区", "神农架", (), directly_administered=True),
)

#: Every current Hubei address code at county level (and the 省直管 cities, which are county-level codes).
HUBEI_COUNTY_CODES: frozenset[str] = frozenset(
    [c.code for city in HUBEI_CITIES for c in city.counties]
    + [city.code for city in HUBEI_CITIES if city.directly_administered]
)

#: 市州-level prefixes (first four digits) an ID number issued in Hubei may carry: current ones plus
#: historical 地区 prefixes (黄冈/孝感/咸宁/荆州/郧阳/宜昌/襄阳地区, 4201–4213 municipalities, 4290 省直辖).
HUBEI_PREFECTURE_PREFIXES: frozenset[str] = frozenset(
    {city.code[:4] for city in HUBEI_CITIES}
    | {"4204", "4221", "4222", "4223", "4224", "4225", "4226", "4227", "4290"}
)

#: GB/T 2260 province-level codes (first two digits of an address code). 71 台湾, 81 香港, 82 澳门.
PROVINCE_CODES: frozenset[str] = frozenset(
    {
        "11", "12", "13", "14", "15",
        "21", "22", "23",
        "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46",
        "50", "51", "52", "53", "54",
        "61", "62", "63", "64", "65",
        "71", "81", "82",
    }
)  # fmt: skip

#: A few real county codes of other provinces, for candidates born outside Hubei in demo data.
OTHER_PROVINCE_COUNTY_CODES: tuple[str, ...] = (
    "110105",  # 北京市朝阳区
    "440524",  # 广东省汕头市潮阳县 (historical, from the GB 11643 example)
    "430102",  # 湖南省长沙市芙蓉区
    "410105",  # 河南省郑州市金水区
    "360102",  # 江西省南昌市东湖区
    "500103",  # 重庆市渝中区
    "510104",  # 四川省成都市锦江区
    "340104",  # 安徽省合肥市蜀山区
    "612501",  # 陕西省商洛市 (historical 商洛地区)
)


def city_by_code(code: str) -> City:
    """The 市州 with that 6-digit code (KeyError if none)."""
    for city in HUBEI_CITIES:
        if city.code == code:
            return city
    raise KeyError(code)
