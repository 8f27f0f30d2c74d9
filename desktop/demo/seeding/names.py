"""Word lists for the synthetic registry: names of people, places and units.

Everything here is plain data (tuples of strings, weights as numbers). The weights are
approximations for synthetic data, not statistics to quote:

* surnames: the national ranking of common surnames with rough shares, plus a Guangdong table
  (陈, 黄, 梁 … rank higher there) for locals and migrants from Guangdong, Hong Kong and Macao;
  two-character surnames (欧阳, 司马, 诸葛, 上官 …) at a small share;
* given names: characters by sex, and whole given names typical of a birth cohort;
* minority names: Uyghur and Kazakh names joined with '·' (阿卜杜拉·买买提), Tibetan and
  Mongolian names without a surname;
* rare characters (生僻字) that a card reader may deliver as private-use code points, including
  characters outside the Basic Multilingual Plane (𠮷, 𪚥);
* the host district's sub-districts and communities are *modelled on* Bao'an, Shenzhen (440306);
  they are not an authoritative list of its divisions.
"""

from __future__ import annotations

from typing import Final

# ---- surnames --------------------------------------------------------------------------------

#: Common surnames with a rough share in per cent (national).
NATIONAL_SURNAMES: Final[tuple[tuple[str, float], ...]] = (
    ("王", 7.12), ("李", 7.00), ("张", 6.40), ("刘", 5.38), ("陈", 4.53), ("杨", 3.08),
    ("黄", 2.23), ("赵", 2.00), ("吴", 1.98), ("周", 1.90), ("徐", 1.45), ("孙", 1.38),
    ("马", 1.29), ("朱", 1.28), ("胡", 1.16), ("郭", 1.13), ("何", 1.06), ("林", 1.02),
    ("高", 1.00), ("罗", 0.95), ("郑", 0.85), ("梁", 0.84), ("谢", 0.78), ("宋", 0.73),
    ("唐", 0.72), ("韩", 0.69), ("冯", 0.64), ("于", 0.62), ("董", 0.62), ("肖", 0.61),
    ("程", 0.60), ("曹", 0.60), ("袁", 0.56), ("邓", 0.56), ("许", 0.55), ("傅", 0.50),
    ("沈", 0.50), ("曾", 0.50), ("彭", 0.49), ("吕", 0.47), ("苏", 0.46), ("卢", 0.46),
    ("蒋", 0.45), ("蔡", 0.44), ("贾", 0.42), ("丁", 0.42), ("魏", 0.41), ("薛", 0.40),
    ("叶", 0.40), ("阎", 0.38), ("余", 0.38), ("潘", 0.38), ("杜", 0.37), ("戴", 0.34),
    ("夏", 0.33), ("钟", 0.33), ("汪", 0.32), ("田", 0.32), ("任", 0.32), ("姜", 0.31),
    ("范", 0.31), ("方", 0.31), ("石", 0.30), ("姚", 0.30), ("谭", 0.29), ("廖", 0.28),
    ("邹", 0.27), ("熊", 0.27), ("金", 0.26), ("陆", 0.26), ("郝", 0.25), ("孔", 0.24),
    ("白", 0.24), ("崔", 0.24), ("康", 0.23), ("毛", 0.23), ("邱", 0.23), ("秦", 0.23),
    ("江", 0.22), ("史", 0.22), ("顾", 0.21), ("侯", 0.21), ("邵", 0.21), ("孟", 0.20),
    ("龙", 0.20), ("万", 0.20), ("段", 0.19), ("雷", 0.19), ("钱", 0.18), ("汤", 0.18),
    ("尹", 0.17), ("黎", 0.17), ("易", 0.17), ("常", 0.16), ("武", 0.16), ("乔", 0.16),
    ("贺", 0.15), ("赖", 0.15), ("龚", 0.15), ("文", 0.15), ("严", 0.15), ("陶", 0.15),
    ("韦", 0.15), ("覃", 0.10), ("莫", 0.10), ("庞", 0.10), ("温", 0.10), ("付", 0.10),
    ("向", 0.10), ("洪", 0.10), ("关", 0.08), ("柯", 0.05), ("甘", 0.05), ("涂", 0.05),
    ("詹", 0.05), ("古", 0.03), ("巫", 0.03), ("蓝", 0.03), ("麦", 0.03), ("卓", 0.02),
    ("区", 0.02), ("冼", 0.02),
    # two-character surnames (复姓)
    ("欧阳", 0.060), ("司徒", 0.020), ("上官", 0.010), ("司马", 0.010), ("诸葛", 0.008),
    ("皇甫", 0.006), ("东方", 0.004), ("令狐", 0.004), ("夏侯", 0.004), ("慕容", 0.003),
    ("公孙", 0.003), ("尉迟", 0.002), ("端木", 0.002), ("长孙", 0.002), ("宇文", 0.002),
    ("南宫", 0.001), ("独孤", 0.001), ("西门", 0.001),
)  # fmt: skip

#: Surnames of Guangdong (and Hong Kong / Macao), rough shares in per cent.
GUANGDONG_SURNAMES: Final[tuple[tuple[str, float], ...]] = (
    ("陈", 8.7), ("李", 6.5), ("黄", 5.5), ("张", 4.5), ("梁", 3.8), ("林", 3.5),
    ("刘", 3.5), ("吴", 2.8), ("罗", 2.6), ("何", 2.4), ("郑", 2.3), ("杨", 2.3),
    ("谢", 2.0), ("钟", 2.0), ("邓", 1.9), ("冯", 1.7), ("曾", 1.7), ("叶", 1.6),
    ("王", 1.6), ("周", 1.4), ("卢", 1.3), ("朱", 1.3), ("彭", 1.2), ("蔡", 1.2),
    ("潘", 1.2), ("赖", 1.1), ("温", 1.0), ("许", 1.0), ("郭", 1.0), ("余", 1.0),
    ("廖", 0.9), ("苏", 0.9), ("徐", 0.8), ("肖", 0.8), ("胡", 0.7), ("邱", 0.7),
    ("麦", 0.6), ("古", 0.5), ("莫", 0.5), ("文", 0.5), ("高", 0.5), ("方", 0.5),
    ("庄", 0.4), ("詹", 0.4), ("江", 0.4), ("马", 0.4), ("伍", 0.4), ("区", 0.3),
    ("冼", 0.3), ("巫", 0.3), ("孙", 0.3), ("范", 0.3), ("关", 0.3), ("骆", 0.2),
    ("凌", 0.2), ("利", 0.1), ("植", 0.05),
    ("欧阳", 0.25), ("司徒", 0.15), ("上官", 0.01), ("司马", 0.01), ("诸葛", 0.005),
)  # fmt: skip

#: The two-character surnames above (a name starting with one has a 2-character surname).
COMPOUND_SURNAMES: Final[frozenset[str]] = frozenset(
    s for s, _ in NATIONAL_SURNAMES + GUANGDONG_SURNAMES if len(s) == 2
)

# ---- given names -----------------------------------------------------------------------------

MALE_FIRST: Final = (
    "建国志文明永德家俊子浩宇一嘉天伟晓振海立世宏少光春金东新泽梓博思晨锦皓睿佳承智铭"
)
MALE_SECOND: Final = (
    "华强军平明伟峰涛杰辉勇刚斌波鹏飞龙成林东生宇轩然浩宸睿泽航铭博阳晨凯豪彬超磊亮坤鑫森源"
)
FEMALE_FIRST: Final = "秀桂玉丽美春红晓海雪小静欣雨梓思子佳诗一语梦若紫可嘉晨婉雅慧淑月彩凤"
FEMALE_SECOND: Final = "英兰芳珍华梅霞凤玲娟丽艳燕敏静萍婷琳倩颖怡涵萱彤琪瑶悦璐妍馨雯蕾菲洁"
MALE_SINGLE: Final = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林阳"
FEMALE_SINGLE: Final = "芳娜敏静丽艳娟霞秀玲燕萍红梅琳洁雪慧莉倩婷颖琪欣怡璐"

#: Whole given names typical of a birth cohort: (first birth year, male names, female names).
COHORT_NAMES: Final[tuple[tuple[int, tuple[str, ...], tuple[str, ...]], ...]] = (
    (
        0,
        ("建国", "国庆", "建华", "建军", "国强", "国华", "德明", "志刚", "卫国", "解放"),
        ("秀英", "桂英", "秀兰", "玉兰", "桂兰", "淑珍", "凤英", "玉珍", "秀珍", "桂珍"),
    ),
    (
        1960,
        ("卫东", "红兵", "志强", "建平", "海涛", "晓东", "建伟", "永红", "国平", "小平"),
        ("红梅", "丽华", "海燕", "晓红", "丽娟", "春梅", "秀梅", "艳红", "美玲", "小红"),
    ),
    (
        1980,
        ("俊杰", "志伟", "文杰", "浩", "杰", "鹏", "磊", "鑫", "伟", "涛"),
        ("婷婷", "丹丹", "晶晶", "雪", "倩", "静", "佳佳", "丽", "敏", "娜"),
    ),
    (
        2000,
        (
            "子轩",
            "浩然",
            "宇轩",
            "梓豪",
            "俊熙",
            "沐宸",
            "一诺",
            "子墨",
            "宇航",
            "皓轩",
            "浩宇",
            "奕辰",
        ),
        (
            "梓涵",
            "欣怡",
            "一诺",
            "梓萱",
            "诗涵",
            "雨桐",
            "子涵",
            "可馨",
            "若汐",
            "语桐",
            "依诺",
            "梓琪",
        ),
    ),
)

#: Rare characters seen in names (生僻字), with weights. 𠮷 and 𪚥 lie outside the BMP: UCS-2
#: card text cannot carry them, so readers deliver private-use code points instead.
RARE_CHARACTERS: Final[tuple[tuple[str, float], ...]] = (
    ("堃", 3.0), ("喆", 3.0), ("昇", 2.0), ("㛃", 1.5), ("䶮", 1.5), ("龑", 1.0), ("赟", 2.0),
    ("淼", 2.0), ("垚", 1.5), ("燚", 1.0), ("玥", 2.0), ("珺", 1.5), ("祎", 2.0), ("犇", 1.0),
    ("𠮷", 2.5), ("𪚥", 1.0),
)  # fmt: skip

# ---- minority names --------------------------------------------------------------------------

UYGHUR_MALE: Final = (
    "阿卜杜拉", "艾力", "买买提", "吐尔逊", "艾合买提", "阿不都", "努尔", "热合曼", "伊力哈木",
    "麦麦提", "肉孜", "阿里木", "亚森", "依明", "玉素甫", "卡德尔", "艾尔肯", "阿迪力",
)  # fmt: skip
UYGHUR_FEMALE: Final = (
    "古丽", "阿依古丽", "古丽米热", "热依拉", "帕提古丽", "迪丽努尔", "努尔古丽", "阿依努尔",
    "米娜瓦尔", "再努尔", "祖丽皮亚", "帕丽达",
)  # fmt: skip
KAZAKH_MALE: Final = ("叶尔兰", "努尔兰", "别克", "阿曼", "达吾列提", "叶尔江", "哈那提")
KAZAKH_FEMALE: Final = ("加娜尔", "阿依达娜", "古丽娜尔", "阿克邦", "玛依拉")
TIBETAN_PARTS_MALE: Final = ("扎西", "次仁", "多吉", "顿珠", "格桑", "旺堆", "平措", "索朗", "白玛")
TIBETAN_PARTS_FEMALE: Final = ("卓玛", "拉姆", "央金", "德吉", "曲珍", "格桑", "次仁", "白玛")
MONGOLIAN_MALE: Final = ("巴特尔", "额尔敦", "巴图", "呼和", "朝鲁", "宝音", "那仁", "孟和")
MONGOLIAN_FEMALE: Final = ("其木格", "乌云", "苏日娜", "斯琴", "格日勒", "萨仁", "其其格")

#: GB/T 3304 ethnicity codes used by the generator.
HAN = "01"
MONGOL = "02"
HUI = "03"
TIBETAN = "04"
UYGHUR = "05"
MIAO = "06"
YI = "07"
ZHUANG = "08"
BUYEI = "09"
KOREAN = "10"
MANCHU = "11"
DONG = "12"
YAO = "13"
BAI = "14"
TUJIA = "15"
KAZAKH = "17"
LI = "19"
SHE = "22"

#: Ethnic mix by province (2-digit prefix of the region code), as weights; provinces not
#: listed use DEFAULT_ETHNICITIES.
ETHNICITIES_BY_PROVINCE: Final[dict[str, tuple[tuple[str, float], ...]]] = {
    "11": ((HAN, 95.0), (MANCHU, 2.0), (HUI, 2.0), (MONGOL, 1.0)),
    "13": ((HAN, 96.0), (MANCHU, 3.0), (HUI, 1.0)),
    "15": ((HAN, 79.0), (MONGOL, 17.0), (MANCHU, 2.0), (HUI, 1.0)),
    "21": ((HAN, 84.0), (MANCHU, 12.0), (MONGOL, 2.0), (KOREAN, 1.0)),
    "22": ((HAN, 90.0), (KOREAN, 4.0), (MANCHU, 4.0), (MONGOL, 1.0)),
    "23": ((HAN, 95.0), (MANCHU, 3.0), (KOREAN, 1.0)),
    "33": ((HAN, 99.0), (SHE, 1.0)),
    "35": ((HAN, 98.0), (SHE, 1.0), (HUI, 1.0)),
    "43": ((HAN, 89.0), (TUJIA, 4.0), (MIAO, 3.0), (DONG, 1.5), (YAO, 1.5)),
    "44": ((HAN, 98.5), (YAO, 0.5), (ZHUANG, 0.5), (SHE, 0.2)),
    "45": ((HAN, 62.0), (ZHUANG, 32.0), (YAO, 3.0), (MIAO, 1.0), (DONG, 1.0)),
    "46": ((HAN, 84.0), (LI, 15.0), (MIAO, 1.0)),
    "50": ((HAN, 93.0), (TUJIA, 5.0), (MIAO, 2.0)),
    "51": ((HAN, 94.0), (YI, 3.5), (TIBETAN, 2.0), (HUI, 0.5)),
    "52": ((HAN, 63.0), (MIAO, 12.0), (BUYEI, 8.0), (DONG, 5.0), (TUJIA, 4.0), (YI, 2.0)),
    "53": ((HAN, 67.0), (YI, 11.0), (BAI, 3.5), (MIAO, 2.5), (ZHUANG, 2.5)),
    "54": ((TIBETAN, 90.0), (HAN, 9.0), (HUI, 1.0)),
    "62": ((HAN, 91.0), (HUI, 5.0), (TIBETAN, 2.0)),
    "63": ((HAN, 53.0), (TIBETAN, 24.0), (HUI, 15.0)),
    "64": ((HAN, 64.0), (HUI, 35.0)),
    "65": ((HAN, 40.0), (UYGHUR, 45.0), (KAZAKH, 7.0), (HUI, 5.0)),
}
DEFAULT_ETHNICITIES: Final[tuple[tuple[str, float], ...]] = (
    (HAN, 98.0),
    (HUI, 0.6),
    (MANCHU, 0.5),
    (TUJIA, 0.3),
    (MIAO, 0.3),
    (ZHUANG, 0.3),
)

# ---- foreign names ---------------------------------------------------------------------------

#: (alpha-3, ISO 3166-1 numeric, weight, naming style)
NATIONALITIES: Final[tuple[tuple[str, str, float, str], ...]] = (
    ("KOR", "410", 15.0, "korean"),
    ("JPN", "392", 10.0, "japanese"),
    ("USA", "840", 14.0, "western"),
    ("GBR", "826", 6.0, "western"),
    ("CAN", "124", 6.0, "western"),
    ("AUS", "036", 5.0, "western"),
    ("DEU", "276", 5.0, "western"),
    ("FRA", "250", 4.0, "western"),
    ("ITA", "380", 2.0, "western"),
    ("RUS", "643", 4.0, "western"),
    ("BRA", "076", 1.0, "western"),
    ("SGP", "702", 6.0, "chinese_latin"),
    ("MYS", "458", 6.0, "chinese_latin"),
    ("IND", "356", 5.0, "indian"),
    ("PHL", "608", 3.0, "western"),
    ("THA", "764", 2.0, "western"),
    ("VNM", "704", 3.0, "western"),
    ("IDN", "360", 3.0, "chinese_latin"),
)

WESTERN_SURNAMES: Final = (
    ("SMITH", "史密斯"), ("JOHNSON", "约翰逊"), ("WILLIAMS", "威廉姆斯"), ("BROWN", "布朗"),
    ("JONES", "琼斯"), ("MILLER", "米勒"), ("DAVIS", "戴维斯"), ("GARCIA", "加西亚"),
    ("MARTIN", "马丁"), ("MUELLER", "穆勒"), ("SCHMIDT", "施密特"), ("DUBOIS", "杜布瓦"),
    ("ROSSI", "罗西"), ("IVANOV", "伊万诺夫"), ("SILVA", "席尔瓦"), ("TAYLOR", "泰勒"),
    ("WILSON", "威尔逊"), ("ANDERSON", "安德森"), ("THOMAS", "托马斯"), ("MOORE", "摩尔"),
)  # fmt: skip
WESTERN_MALE: Final = (
    ("JAMES", "詹姆斯"), ("JOHN", "约翰"), ("MICHAEL", "迈克尔"), ("DAVID", "大卫"),
    ("ROBERT", "罗伯特"), ("THOMAS", "托马斯"), ("DANIEL", "丹尼尔"), ("PAUL", "保罗"),
    ("MARK", "马克"), ("PETER", "彼得"), ("ANDREW", "安德鲁"), ("LUCAS", "卢卡斯"),
)  # fmt: skip
WESTERN_FEMALE: Final = (
    ("MARY", "玛丽"), ("SARAH", "莎拉"), ("EMMA", "艾玛"), ("ANNA", "安娜"), ("LAURA", "劳拉"),
    ("SOPHIE", "索菲"), ("MARIA", "玛丽亚"), ("JULIA", "朱莉娅"), ("EMILY", "艾米丽"),
    ("OLIVIA", "奥利维亚"), ("CLAIRE", "克莱尔"),
)  # fmt: skip
KOREAN_SURNAMES: Final = (
    ("KIM", "金"),
    ("LEE", "李"),
    ("PARK", "朴"),
    ("CHOI", "崔"),
    ("JUNG", "郑"),
)
KOREAN_MALE: Final = (
    ("MINJUN", "敏俊"),
    ("SEOJUN", "叙俊"),
    ("JIHOON", "智勋"),
    ("HYUNWOO", "贤宇"),
)
KOREAN_FEMALE: Final = (
    ("MINSEO", "敏瑞"),
    ("JIWOO", "智友"),
    ("SEOYEON", "瑞妍"),
    ("HAEUN", "夏恩"),
)
JAPANESE_SURNAMES: Final = (
    ("SATO", "佐藤"), ("SUZUKI", "铃木"), ("TAKAHASHI", "高桥"), ("TANAKA", "田中"),
    ("WATANABE", "渡边"),
)  # fmt: skip
JAPANESE_MALE: Final = (("KEN", "健"), ("HIROSHI", "浩"), ("TAKESHI", "武"), ("SHOTA", "翔太"))
JAPANESE_FEMALE: Final = (("YUKI", "由纪"), ("AYA", "彩"), ("HARUKA", "遥"), ("MISAKI", "美咲"))
CHINESE_LATIN_SURNAMES: Final = (
    ("TAN", "陈"), ("LIM", "林"), ("LEE", "李"), ("WONG", "黄"), ("ONG", "王"), ("NG", "吴"),
)  # fmt: skip
CHINESE_LATIN_MALE: Final = (("WEI MING", "伟明"), ("JUN JIE", "俊杰"), ("KAH WAI", "家伟"))
CHINESE_LATIN_FEMALE: Final = (("XIN YI", "欣怡"), ("HUI MIN", "慧敏"), ("MEI LING", "美玲"))
INDIAN_SURNAMES: Final = (
    ("KUMAR", "库马尔"),
    ("SINGH", "辛格"),
    ("SHARMA", "夏尔马"),
    ("PATEL", "帕特尔"),
)
INDIAN_MALE: Final = (("RAHUL", "拉胡尔"), ("ARJUN", "阿尔琼"), ("VIKRAM", "维克拉姆"))
INDIAN_FEMALE: Final = (("PRIYA", "普丽娅"), ("ANANYA", "阿南娅"), ("DIVYA", "迪维娅"))

# ---- the host district -----------------------------------------------------------------------

#: Sub-districts (街道) with their main roads and communities (社区), in code order 001, 002, …
SUB_DISTRICTS: Final[tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]] = (
    (
        "新安街道",
        ("宝安大道", "创业一路", "创业二路", "新湖路", "建安一路", "前进一路"),
        (
            "海旺",
            "海裕",
            "灵芝",
            "上川",
            "布心",
            "安乐",
            "翻身",
            "大浪",
            "建安",
            "宝民",
            "洪浪",
            "兴东",
        ),
    ),
    (
        "西乡街道",
        ("西乡大道", "宝源路", "固戍一路", "前进二路", "新湖路", "宝安大道"),
        (
            "固戍",
            "臣田",
            "盐田",
            "西乡",
            "河东",
            "河西",
            "共乐",
            "劳动",
            "流塘",
            "凤凰岗",
            "铁岗",
            "龙珠",
        ),
    ),
    (
        "航城街道",
        ("航城大道", "鹤洲路", "宝安大道", "黄田路"),
        ("黄田", "鹤洲", "三围", "钟屋", "九围", "草围", "后瑞", "南昌", "黄麻布", "利锦"),
    ),
    (
        "福永街道",
        ("福永大道", "凤塘大道", "兴围路", "宝安大道"),
        ("福永", "凤凰", "白石厦", "怀德", "新田", "兴围", "聚福", "龙王庙"),
    ),
    (
        "福海街道",
        ("福海大道", "新和大道", "广深路", "宝安大道"),
        ("新和", "塘尾", "桥头", "稔田", "展城", "和平", "大洋"),
    ),
    (
        "沙井街道",
        ("沙井路", "新沙路", "中心路", "宝安大道"),
        (
            "沙井",
            "沙头",
            "衙边",
            "壆岗",
            "后亭",
            "马安山",
            "沙一",
            "沙二",
            "沙三",
            "步涌",
            "共和",
            "东塘",
        ),
    ),
    (
        "新桥街道",
        ("新桥路", "上星路", "北环路"),
        ("新桥", "上星", "黄埔", "新二", "沙企", "上寮", "万丰", "象山", "庄村"),
    ),
    (
        "松岗街道",
        ("松福大道", "松白路", "广深路", "东方大道"),
        ("松岗", "江边", "东方", "红星", "潭头", "楼岗", "花果山", "溪头", "沙浦围", "碧头"),
    ),
    (
        "燕罗街道",
        ("燕山大道", "罗田路", "松白路"),
        ("燕川", "罗田", "洪桥头", "山门", "塘下涌", "广田"),
    ),
    (
        "石岩街道",
        ("石龙大道", "宝石路", "塘头大道", "石岩大道"),
        ("石岩", "官田", "浪心", "上屋", "水田", "罗租", "应人石", "龙腾", "塘头", "石龙"),
    ),
)

#: Police stations by sub-district (issuers of residence registration receipts).
POLICE_STATION_SUFFIX: Final = "派出所"

#: Street-name patterns for a community's own streets ({s} = the community's name).
LOCAL_STREET_PATTERNS: Final = (
    "{s}一路", "{s}二路", "{s}三路", "{s}中路", "{s}东路", "{s}西路", "{s}南路", "{s}北路",
    "{s}大道", "{s}新村一巷", "{s}新村二巷", "{s}新村三巷", "{s}老村一巷", "{s}老村二巷",
    "{s}东一巷", "{s}西二巷", "{s}南三巷", "{s}北四巷",
)  # fmt: skip

#: Residential estate name stems and suffixes.
ESTATE_STEMS: Final = (
    "碧海", "翠湖", "桃源", "泰华", "海雅", "宝城", "金海", "名都", "锦绣", "御景", "海滨", "中洲",
    "西城", "鸿荣", "星海", "天悦", "嘉华", "富通", "滨海", "幸福", "阳光", "丽景", "尚都", "华庭",
    "海语", "君悦", "万象", "龙湾", "半岛", "水榭", "绿景", "美庐", "时代", "香缇",
)  # fmt: skip
ESTATE_SUFFIXES: Final = ("花园", "苑", "雅居", "华庭", "家园", "名苑", "公馆", "新城", "山庄")
OLD_ESTATE_SUFFIXES: Final = ("新村", "小区", "统建楼", "宿舍区")
OFFICE_SUFFIXES: Final = ("大厦", "商务中心", "中心", "广场", "国际")
INDUSTRIAL_SUFFIXES: Final = ("工业园", "工业区", "科技园", "产业园")

# ---- units -----------------------------------------------------------------------------------

#: Characters for trade names (字号) of units.
TRADE_CHARS: Final = (
    "鑫华达宏兴盛泰富源恒通利隆昌丰瑞祥和信德宝安嘉创新美佳辉明成联科博艺汇众金鹏腾顺永正海天星光"
    "云凯龙威力精晶启航亿万华裕捷迅诚锐拓展维远卓越"
)

#: GB/T 4754-2017 sections with a weight and words for enterprise names.
INDUSTRIES: Final[tuple[tuple[str, float, tuple[str, ...]], ...]] = (
    (
        "制造业",
        30.0,
        ("电子", "精密模具", "塑胶制品", "五金制品", "电子科技", "光电", "电路板", "机械设备"),
    ),
    ("批发和零售业", 20.0, ("贸易", "商贸", "供应链", "百货", "电子商务")),
    ("住宿和餐饮业", 8.0, ("餐饮管理", "酒店管理", "饮食")),
    ("信息传输、软件和信息技术服务业", 8.0, ("软件", "信息技术", "网络科技", "数据科技")),
    ("建筑业", 5.0, ("建筑工程", "装饰工程", "建设工程")),
    ("交通运输、仓储和邮政业", 6.0, ("物流", "运输", "仓储", "国际货运代理")),
    ("租赁和商务服务业", 6.0, ("企业管理咨询", "人力资源", "商务服务", "物业管理")),
    ("科学研究和技术服务业", 4.0, ("检测技术", "技术服务", "设计")),
    ("居民服务、修理和其他服务业", 5.0, ("家政服务", "汽车维修", "美容美发")),
    ("房地产业", 2.0, ("房地产开发", "房地产经纪")),
    ("教育", 2.0, ("教育科技", "培训")),
    ("卫生和社会工作", 1.5, ("医疗", "健康管理")),
    ("文化、体育和娱乐业", 1.5, ("文化传播", "体育", "文化发展")),
    ("金融业", 1.0, ("投资", "融资担保")),
)

#: Kinds of small shop run by individual businesses (个体工商户).
SHOP_KINDS: Final = (
    "便利店", "餐饮店", "粉面店", "五金店", "手机维修店", "理发店", "水果店", "服装店", "烟酒商行",
    "快餐店", "早餐店", "电器维修部", "药店", "茶行",
)  # fmt: skip

#: Public institutions and social organisations of the district (for a small share of units).
PUBLIC_UNIT_PATTERNS: Final = (
    ("1", "2", "深圳市宝安区{sub}社区健康服务中心", "卫生和社会工作"),
    ("1", "2", "深圳市宝安区{sub}第{n}幼儿园", "教育"),
    ("1", "2", "深圳市宝安区{sub}学校", "教育"),
    ("5", "1", "深圳市宝安区{trade}商会", "公共管理、社会保障和社会组织"),
    ("5", "2", "深圳市宝安区{trade}职业培训学校", "教育"),
    ("5", "2", "深圳市宝安区{trade}养老服务中心", "卫生和社会工作"),
)

# ---- households' places of registration ------------------------------------------------------

#: Characters for synthetic town and village names (…镇…村) of household registrations.
PLACE_CHARS: Final = (
    "新安和平石桥东西南北上下大小黄白青龙凤马山河湖塘坪岭江田沙溪水泉松柏竹梅花家高长宁兴隆太富"
    "永丰庆安福乐清荣金银铁杨柳桃李"
)
URBAN_STREET_WORDS: Final = ("人民路", "解放路", "建设路", "中山路", "胜利路", "新华街", "文化路")

HONG_KONG_DISTRICTS: Final = (
    "中西区", "湾仔区", "东区", "南区", "油尖旺区", "深水埗区", "九龙城区", "黄大仙区", "观塘区",
    "荃湾区", "屯门区", "元朗区", "北区", "大埔区", "西贡区", "沙田区", "葵青区", "离岛区",
)  # fmt: skip
MACAO_PARISHES: Final = ("花地玛堂区", "花王堂区", "望德堂区", "大堂区", "风顺堂区", "氹仔", "路环")
TAIWAN_CITIES: Final = ("台北市", "新北市", "桃园市", "台中市", "台南市", "高雄市", "新竹市")

# ---- phones ----------------------------------------------------------------------------------

#: Mobile number prefixes of the three carriers (11-digit numbers).
MOBILE_PREFIXES: Final = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180",
    "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "195", "198", "199",
)  # fmt: skip

# ---- occupations -----------------------------------------------------------------------------

#: Occupation codes in the shape of GB/T 6565-2015 (major-middle-minor), with weights. The
#: major group (first digit) follows the standard; the detail codes are illustrative.
OCCUPATIONS: Final[tuple[tuple[str, float], ...]] = (
    ("1-06-01", 2.0),  # 1: heads of enterprises and units
    ("2-02-10", 4.0),  # 2: professional and technical staff
    ("2-06-06", 2.0),
    ("2-08-01", 1.0),
    ("3-01-01", 6.0),  # 3: clerks and office staff
    ("4-01-02", 10.0),  # 4: commerce and services
    ("4-02-03", 5.0),
    ("4-03-01", 5.0),
    ("4-07-05", 3.0),
    ("4-10-01", 4.0),
    ("6-08-02", 10.0),  # 6: production and manufacturing
    ("6-24-01", 8.0),
    ("6-25-02", 12.0),
    ("6-29-01", 6.0),
    ("6-31-01", 4.0),
    ("8-00-00", 2.0),  # 8: not classified elsewhere
)
