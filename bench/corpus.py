"""Deterministic generator of realistic Chinese vocational-education case studies.

    python bench/corpus.py --n 1000 --out /tmp/corpus   # writes schools/<id>/<stem>.md

``generate(n, seed)`` returns :class:`Case` objects; ``case.search_doc()`` gives the
:class:`showcase.output.search.SearchDoc` (body rendered with Python-Markdown and turned
into text with ``html_to_text``, as the real site build does), ``case.markdown()``
the source file with YAML front matter, ``write_tree()`` the folder layout
``schools/<school-id>/school.yml`` + ``schools/<school-id>/<stem>.md``.

The terms 低空经济 and 元宇宙 never occur (the benchmark's absent terms).
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PROJECTS = [
    ("teaching-diagnosis", "教学诊断与改进"),
    ("key-majors", "重点专业建设"),
    ("school-management", "强化学校管理"),
    ("internship-management", "规范实习管理"),
    ("teaching-reform", "深化教学改革"),
    ("school-enterprise", "校企合作模式"),
    ("apprenticeship", "现代学徒制探索"),
    ("informatization", "职业教育信息化建设"),
]
TYPES = ["典型案例", "经验总结", "工作方案", "诊改报告", "进展报告"]
TYPE_WEIGHTS = [5, 3, 2, 1, 2]
DISTRICTS = [
    ("xiaodian", "小店区"),
    ("yingze", "迎泽区"),
    ("xinghualing", "杏花岭区"),
    ("jiancaoping", "尖草坪区"),
    ("wanbailin", "万柏林区"),
    ("jinyuan", "晋源区"),
    ("qingxu", "清徐县"),
    ("yangqu", "阳曲县"),
    ("loufan", "娄烦县"),
    ("gujiao", "古交市"),
    ("yuci", "榆次区"),
    ("taigu", "太谷区"),
    ("jiexiu", "介休市"),
    ("pingyao", "平遥县"),
    ("qixian", "祁县"),
    ("shouyang", "寿阳县"),
    ("xiyang", "昔阳县"),
    ("zuoquan", "左权县"),
    ("heshun", "和顺县"),
    ("lingshi", "灵石县"),
    ("", ""),
]
SCHOOL_KINDS = [
    ("zhizhong", "职业中学校"),
    ("zhongzhi", "中等职业学校"),
    ("jixiao", "技工学校"),
    ("gaozhi", "高级职业中学"),
    ("zhijiao", "职业教育中心"),
    ("jishu", "职业技术学校"),
    ("xueyuan", "职业技术学院"),
]
SCHOOL_THEMES = [
    ("", ""),
    ("jiaotong", "交通"),
    ("weisheng", "卫生"),
    ("caimao", "财贸"),
    ("jixie", "机械工程"),
    ("xinxi", "信息技术"),
    ("lvyou", "旅游"),
    ("jianzhu", "建筑工程"),
    ("nongye", "农业"),
    ("meitan", "煤炭"),
    ("dianli", "电力"),
    ("qinggong", "轻工"),
    ("yishu", "艺术"),
    ("shifan", "幼儿师范"),
    ("gongmao", "工贸"),
]
ORDINALS = "一二三四五六七八九十"

MAJORS = [
    "数控技术应用",
    "汽车运用与维修",
    "护理",
    "学前教育",
    "电子商务",
    "计算机应用",
    "会计事务",
    "物流服务与管理",
    "酒店服务与管理",
    "工业机器人技术应用",
    "机电技术应用",
    "建筑工程施工",
    "电子技术应用",
    "中餐烹饪",
    "美容美体艺术",
    "城市轨道交通运营服务",
    "新能源汽车运用与维修",
    "农产品营销与储运",
    "畜禽生产技术",
    "网络信息安全",
    "大数据技术应用",
    "无人机操控与维护",
    "社会保障事务",
    "老年人服务与管理",
    "药剂",
    "康复技术",
    "现代农艺技术",
    "焊接技术应用",
    "工程测量",
    "服装设计与工艺",
    "航空服务",
    "高星级饭店运营与管理",
    "智能设备运行与维护",
    "移动应用技术与服务",
    "数字媒体技术应用",
    "光伏工程技术与应用",
    "煤矿智能开采技术",
    "跨境电子商务",
]
COURSES = [
    "Python编程",
    "单片机技术",
    "PLC控制技术",
    "CAD制图",
    "数控车削加工",
    "汽车电气设备检修",
    "基础护理",
    "幼儿游戏指导",
    "网店运营",
    "Photoshop图像处理",
    "Java程序设计",
    "Web前端开发",
    "会计电算化",
    "仓储与配送实务",
    "客房服务",
    "工业机器人编程",
    "电工基础",
    "建筑识图",
    "中式面点",
    "化妆造型",
    "网络布线",
    "数据库应用",
    "无人机航拍",
    "传感器技术",
    "Linux系统管理",
    "市场营销",
    "商务礼仪",
    "职业生涯规划",
    "思想政治",
    "语文",
    "数学",
    "英语",
    "体育与健康",
    "3D打印技术",
    "C语言程序设计",
    "AutoCAD机械制图",
    "SolidWorks三维建模",
    "电子商务基础",
]
ENTERPRISE_PREFIX = [
    "太重",
    "山西建投",
    "晋能",
    "潞安",
    "华润",
    "京东",
    "比亚迪",
    "吉利",
    "顺丰",
    "中通",
    "美团",
    "海尔",
    "格力",
    "富士康",
    "太钢",
    "同煤",
    "阳光",
    "汾酒",
    "百度",
    "华为",
    "中兴",
    "阿里巴巴",
    "腾讯",
    "科大讯飞",
    "宇通",
    "长城",
    "奇瑞",
    "国药",
    "九州通",
    "万达",
    "锦江",
    "如家",
    "希尔顿",
    "德邦",
    "圆通",
    "中国移动",
    "中国联通",
    "国家电网",
    "中铁十二局",
    "山西路桥",
]
ENTERPRISE_SUFFIX = [
    "集团有限公司",
    "股份有限公司",
    "科技有限公司",
    "汽车销售服务有限公司",
    "物流有限公司",
    "酒店管理有限公司",
    "智能制造有限公司",
    "医院",
    "幼儿园",
    "信息技术有限公司",
]
PLACES = [
    "太原",
    "晋中",
    "山西",
    "综改示范区",
    "经济技术开发区",
    "学府园区",
    "潇河产业园区",
    "不锈钢产业园区",
    "清徐精细化工循环产业园区",
    "阳曲产业园区",
    "晋阳湖",
    "汾河新区",
    "高新技术产业开发区",
    "转型综合改革示范区",
]
ROLES = [
    "专业带头人",
    "骨干教师",
    "班主任",
    "企业导师",
    "实习指导教师",
    "教研组长",
    "教务处主任",
    "督导室",
    "质量管理办公室",
    "招生就业处",
    "学生处",
    "团委",
    "信息中心",
    "实训中心",
    "教学副校长",
    "系部主任",
]
INDICATORS = [
    "双证书获取率",
    "对口就业率",
    "顶岗实习稳定率",
    "技能大赛获奖数",
    "学生满意度",
    "企业满意度",
    "课程合格率",
    "1+X证书通过率",
    "双师型教师比例",
    "实训设备利用率",
    "毕业生初次就业率",
    "巩固率",
    "家长满意度",
    "教学事故发生率",
    "教师信息化教学能力达标率",
]
PLATFORMS = [
    "智慧校园平台",
    "教学诊改平台",
    "职教云",
    "超星学习通",
    "钉钉",
    "企业微信",
    "虚拟仿真实训平台",
    "在线开放课程平台",
    "数据中心",
    "顶岗实习管理平台",
    "校本数据中心",
    "学分银行系统",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰志红建国文斌鹏辉晓东海燕云飞婷雪梅琳鑫宇浩然子涵欣怡思远佳慧"
)

# {m}=major {c}=course {e}=enterprise {p}=place {r}=role {i}=indicator {f}=platform
# {n}=small number {x}=percent {y}=year
BACKGROUND = [
    "随着{p}产业结构调整，{m}专业人才需求发生了明显变化，原有人才培养方案已不能适应岗位要求。",
    "学校{m}专业在校生{n}人，但实训条件不足，学生动手能力与企业岗位要求存在较大差距。",
    "{y}年学校被确定为太原市职业教育改革试点学校，承担相关试点任务。",
    "在诊改工作启动之前，学校质量管理主要依靠期末检查和督导听课，缺少常态化的数据监测。",
    "部分专业课程内容陈旧，与{p}企业的新技术、新工艺、新规范脱节。",
    "学校地处{p}，周边聚集了{n}余家制造与服务企业，校企合作具有良好的地缘优势。",
    "教师队伍中来自企业的兼职教师比例偏低，双师型教师数量不能满足专业建设需要。",
    "学生顶岗实习存在岗位不对口、过程管理松散、安全责任不清等问题。",
    "信息化基础薄弱，各部门数据标准不统一，形成了多个信息孤岛。",
    "传统的“学校热、企业冷”现象较为突出，企业参与人才培养的积极性不高。",
    "国家推行1+X证书制度以来，学校积极申报试点，但证书标准与课程体系尚未有效融通。",
    "实训室管理制度执行不到位，设备损坏率较高，学生安全意识和职业素养有待提升。",
    "区域经济发展对技术技能人才提出了更高要求，数字经济相关岗位需求持续增长。",
    "学校生源以农村学生为主，学习基础相对薄弱，学习动力不足。",
    "按照《职业院校教学工作诊断与改进制度》要求，学校需要建立常态化、周期性的质量保证机制。",
    "原有的班级授课模式难以兼顾学生的个体差异，课堂教学效果不够理想。",
    "近三年{m}专业毕业生对口就业率仅为{x}，明显低于全市平均水平。",
    "{e}提出希望与学校共同培养一批懂技术、会管理的一线技术人员。",
]
PRACTICE = [
    "学校成立了由校长任组长的{proj}工作领导小组，{r}具体负责组织实施。",
    "构建“目标—标准—实施—诊断—改进”的质量改进螺旋，在学校、专业、课程、教师、学生五个层面开展诊改。",
    "与{e}签订校企合作协议，共建{m}生产性实训基地，企业投入设备价值{n}万元。",
    "在{m}专业试行现代学徒制，实行“招生即招工、入校即入厂”，学生具有学生和学徒双重身份。",
    "将6S管理引入实训教学，从整理、整顿、清扫、清洁、素养、安全六个方面规范学生行为。",
    "开设《{c}》等课程，采用项目教学法，以真实工作任务为载体组织教学。",
    "依托{f}，实时采集教学运行数据，形成专业、课程、教师、学生四类质量报告。",
    "组织教师利用寒暑假到{e}开展企业实践，每人每年不少于{n}天。",
    "聘请{e}的技术骨干担任兼职教师，参与课程开发和实训指导。",
    "制定《顶岗实习管理办法》，实行学校和企业双导师制，实习过程全程纳入{f}管理。",
    "对接1+X证书制度，将职业技能等级标准融入{m}专业人才培养方案，实现课证融通。",
    "在{p}建立校外实训基地{n}个，满足学生认识实习、跟岗实习和顶岗实习需要。",
    "推行“岗课赛证”综合育人，将技能大赛项目转化为教学项目，覆盖全体学生。",
    "开展Python编程、人工智能基础等信息技术课程改革，培养学生数字素养。",
    "实行学分制和弹性学制，学生可通过技能证书、竞赛获奖等置换相应学分。",
    "建立“周检查、月通报、期考核”的常规管理制度，{r}每周开展巡课。",
    "{r}牵头制定了{n}项专业标准和{n}门课程标准，形成标准链。",
    "开发活页式、工作手册式教材{n}本，其中《{c}》被评为市级优秀校本教材。",
    "引入企业真实项目，在实训中心建设“教学工厂”，实现教学过程与生产过程对接。",
    "依托产业园区建设产教融合实训基地，园区企业深度参与专业建设。",
    "建立双师型教师认定和培养制度，将企业实践经历作为职称评审的重要条件。",
    "每学期开展一次课程诊改，教师依据课程质量报告撰写自我诊断报告并制定改进措施。",
    "搭建学生成长档案，记录学生在思想品德、学业水平、技能等级、身心健康等方面的表现。",
    "实行“双主体”育人模式，学校与{e}共同制定招生计划、共同组织教学、共同评价学生。",
    "在{m}专业开设订单班，按照{e}的岗位标准组织教学。",
    "组建由行业专家、企业技术人员和骨干教师组成的专业建设指导委员会，每年召开{n}次会议。",
    "推进线上线下混合式教学，建成校级精品在线开放课程{n}门。",
    "利用虚拟仿真技术解决{m}专业实训中“看不见、进不去、成本高、危险大”的难题。",
    "对实训设备实行定置管理和台账管理，设备完好率保持在{x}以上。",
    "建立教学质量监测数据平台，设置{i}等{n}项关键监测指标并设定预警值。",
    "以班主任工作室为平台，开展学生行为习惯养成教育和职业素养教育。",
    "把思政教育融入专业课程，挖掘《{c}》中的工匠精神等课程思政元素。",
    "开展教师信息化教学能力提升培训{n}期，参训教师{n}人次。",
    "制定实习安全预案，为全部实习学生购买实习责任保险。",
]
RESULT = [
    "{y}年{m}专业{i}达到{x}，比上年提高{n}个百分点。",
    "学生在全国职业院校技能大赛中获得一等奖{n}项、二等奖{n}项。",
    "学校被评为山西省职业教育质量提升示范校，{m}专业被确定为省级骨干专业。",
    "{n}名教师取得双师型教师资格，双师型教师比例达到{x}。",
    "共有{n}名学生取得1+X职业技能等级证书，通过率为{x}。",
    "与{e}共建的实训基地年接待学生实训{n}人次，承接企业生产任务{n}项。",
    "学徒制试点班学生毕业后全部留在{e}工作，企业满意度达到{x}。",
    "通过诊改，学校形成了{n}份年度质量报告，质量意识明显增强。",
    "实施6S管理后，实训室设备故障率下降了{x}，学生职业素养明显提升。",
    "学校{f}上线运行，实现了{n}类业务数据的实时采集和共享。",
    "毕业生初次就业率连续三年保持在{x}以上。",
    "教师主持或参与市级以上课题{n}项，发表论文{n}篇。",
    "学校经验在{p}职业教育工作会议上作交流发言。",
    "Python编程课程的学生作品在市级信息技术创新大赛中获奖{n}项。",
    "顶岗实习学生对口率由{x}提高到{x}，实习期间未发生安全责任事故。",
]
REFLECT = [
    "诊改的关键在于建立常态化的自我保证机制，而不是应付检查。",
    "校企合作必须找准双方利益的结合点，才能形成长效机制。",
    "现代学徒制的难点在于企业导师的遴选、培训和激励。",
    "数据平台的建设要坚持“用数据说话、用数据管理、用数据决策”。",
    "下一步将继续深化产教融合，扩大试点专业范围。",
    "部分教师对诊改的认识还不到位，存在“为诊改而诊改”的现象。",
    "实训基地建设还存在设备更新慢、共享程度低等问题。",
    "需要进一步完善学分银行建设，推动学习成果的认定、积累和转换。",
    "1+X证书制度试点中，考核站点建设和考评员培训仍需加强。",
    "今后将把6S管理延伸到教室、宿舍和食堂，形成全员全过程育人的管理文化。",
    "双师型教师队伍建设需要政府、学校和企业共同发力。",
    "信息化建设要避免“重硬件、轻应用”，把重点放在数据的使用上。",
    "我们将继续探索符合{m}专业特点的人才培养模式。",
]
TITLES = [
    "以诊促改：构建{m}专业质量保证体系的实践",
    "{m}专业现代学徒制试点工作总结",
    "校企合作共建{m}实训基地的探索",
    "基于6S管理的{m}实训室管理实践",
    "1+X证书制度下{m}专业课证融通的实践",
    "“{c}”课程项目化教学改革案例",
    "{y}年度学校教学诊断与改进报告",
    "规范顶岗实习管理的做法与成效",
    "依托{f}推进职业教育信息化建设",
    "产教融合背景下{m}专业建设实践",
    "双师型教师队伍建设的探索与实践",
    "{m}专业“岗课赛证”综合育人实践",
    "强化学校内部管理提升办学质量",
    "与{e}合作开展订单培养的经验",
    "{m}专业人才培养方案修订工作方案",
    "以Python编程为突破口推进信息技术课程改革",
    "产业园区中的{m}专业校企协同育人",
    "{m}专业教学改革进展报告",
]
TAGS = [
    "诊改",
    "质量保证",
    "校企合作",
    "现代学徒制",
    "1+X证书制度",
    "6S管理",
    "实训",
    "双师型教师",
    "产教融合",
    "信息化",
    "顶岗实习",
    "课程改革",
    "课程思政",
    "技能大赛",
    "人才培养方案",
    "产业园区",
    "Python编程",
    "教学改革",
    "学分制",
    "数据平台",
]

# Free clauses (subject + adverb + verb + object + purpose) widen the vocabulary
# the way real writing does; the word lists are long on purpose.
SUBJECTS = [
    "学校",
    "我校",
    "专业部",
    "教务处",
    "系部",
    "教研室",
    "专业教学团队",
    "课程组",
    "质量管理办公室",
    "学生处",
    "实训中心",
    "招生就业处",
    "合作企业",
    "行业协会",
    "督导组",
    "班主任团队",
    "教师发展中心",
    "信息中心",
    "校企合作办公室",
    "学徒制试点班",
    "名师工作室",
    "技能大师工作室",
    "党支部",
    "工会",
    "后勤服务中心",
    "团委",
    "家长委员会",
    "专业建设指导委员会",
    "评价中心",
    "培训部",
]
ADVERBS = [
    "积极",
    "全面",
    "持续",
    "稳步",
    "深入",
    "系统地",
    "分阶段",
    "有序",
    "主动",
    "认真",
    "逐步",
    "大力",
    "扎实",
    "切实",
    "率先",
    "统筹",
    "常态化地",
    "定期",
    "集中",
    "协同",
    "规范地",
    "创造性地",
    "因地制宜地",
    "分层分类地",
    "多措并举",
    "精准地",
    "按月",
    "按学期",
    "滚动式地",
    "一体化地",
]
VERBS = [
    "推进",
    "完善",
    "修订",
    "梳理",
    "编制",
    "组织",
    "开展",
    "落实",
    "优化",
    "重构",
    "搭建",
    "建立健全",
    "探索",
    "试行",
    "实施",
    "评估",
    "监测",
    "跟踪",
    "分析",
    "总结",
    "提炼",
    "推广",
    "改造",
    "升级",
    "开发",
    "引进",
    "培育",
    "遴选",
    "考核",
    "督查",
    "调研",
    "论证",
    "对标",
    "整合",
    "共享",
    "规范",
    "细化",
    "量化",
    "固化",
    "打造",
    "拓展",
    "延伸",
    "深化",
    "强化",
    "夯实",
    "激活",
    "盘活",
    "统筹",
    "协调",
    "指导",
    "反馈",
    "公示",
    "备案",
    "审核",
    "汇总",
    "归档",
    "复盘",
    "迭代",
    "聚焦",
    "瞄准",
]
OBJECTS = [
    "人才培养方案",
    "课程标准",
    "实训教学指导书",
    "岗位能力分析表",
    "教学质量监控体系",
    "内部质量保证体系",
    "专业诊改报告",
    "课程诊改报告",
    "教师个人发展规划",
    "学生综合素质评价办法",
    "顶岗实习协议",
    "实习巡查记录",
    "实训室管理制度",
    "设备维护保养台账",
    "安全应急预案",
    "校本培训计划",
    "教学资源库",
    "微课视频",
    "在线题库",
    "虚拟仿真项目",
    "活页式教材",
    "典型工作任务",
    "职业能力图谱",
    "技能考核方案",
    "学分认定办法",
    "学徒岗位标准",
    "企业导师聘任办法",
    "双导师考核细则",
    "教学日志",
    "听评课制度",
    "集体备课制度",
    "课堂教学评价表",
    "学生满意度问卷",
    "毕业生跟踪调查",
    "用人单位反馈意见",
    "专业群建设方案",
    "产业学院章程",
    "校企联合研发项目",
    "技术服务项目",
    "社会培训项目",
    "职业体验活动",
    "劳动教育课程",
    "心理健康教育课程",
    "创新创业课程",
    "班级量化考核办法",
    "宿舍管理细则",
    "食堂管理制度",
    "财务内控制度",
    "资产管理办法",
    "采购管理流程",
    "档案管理制度",
    "网络安全责任制",
    "数据治理规范",
    "数据字典",
    "接口标准",
    "统一身份认证",
    "移动办公应用",
    "电子班牌",
    "智慧教室",
    "录播教室",
    "仿真实训室",
    "理实一体化教室",
    "生产性实训车间",
    "技能大师工作室",
    "教师企业实践站",
    "校外实践基地",
    "中高职衔接方案",
    "五年一贯制培养方案",
    "贯通培养课程体系",
    "学业水平测试",
    "技能抽查方案",
    "质量年报",
    "社会服务清单",
    "对口帮扶计划",
    "东西部协作项目",
    "乡村振兴培训班",
    "退役军人培训",
    "农民工技能提升培训",
    "新型职业农民培训",
    "企业职工岗前培训",
    "家庭教育讲座",
    "校园文化节",
    "技能节",
    "开放日",
    "招生宣传方案",
    "资助育人工作",
    "奖助学金评审办法",
    "学籍管理细则",
]
PURPOSES = [
    "，确保各项任务落到实处。",
    "，形成了可复制的经验。",
    "，为后续工作奠定了基础。",
    "，取得了阶段性成效。",
    "，得到了上级主管部门的肯定。",
    "，提高了管理的精细化水平。",
    "，增强了师生的获得感。",
    "，破解了长期存在的难题。",
    "，实现了从“要我改”到“我要改”的转变。",
    "，推动了教学方式的深刻变革。",
    "，进一步提升了人才培养质量。",
    "，为企业输送了一批高素质技术技能人才。",
    "，受到学生和家长的普遍欢迎。",
    "，做到了有目标、有标准、有检查、有改进。",
    "，保证了数据的真实性和及时性。",
    "。",
    "。",
    "。",
]
TIMES = [
    "{y}年上半年",
    "{y}年秋季学期",
    "{y}年以来",
    "试点期间",
    "近两年",
    "在第一阶段",
    "自{y}年{n}月起",
    "每学年开学前",
    "每月底",
    "期中教学检查时",
    "寒假期间",
    "疫情防控期间",
    "新生入学后",
    "毕业季",
]


def _clause(rnd: random.Random, ctx: dict) -> str:
    t = rnd.choice(TIMES) + "，" if rnd.random() < 0.3 else ""
    s = (
        t
        + rnd.choice(SUBJECTS)
        + rnd.choice(ADVERBS)
        + rnd.choice(VERBS)
        + rnd.choice(OBJECTS)
        + ("和" + rnd.choice(OBJECTS) if rnd.random() < 0.3 else "")
        + rnd.choice(PURPOSES)
    )
    if rnd.random() < 0.25:
        person = rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN)
        s = s.rstrip("。") + f"，由{rnd.choice(ROLES)}{person}负责。"
    return _fill(s, rnd, ctx)


@dataclass
class School:
    id: str
    name: str
    district: str


@dataclass
class Case:
    school: School
    stem: str
    title: str
    project_id: str
    project: str
    type: str
    date: str
    summary: str
    authors: list
    tags: list
    body: str

    @property
    def id(self) -> str:
        return f"{self.school.id}/{self.stem}"

    @property
    def url(self) -> str:
        return f"schools/{self.school.id}/{self.stem}/"

    def markdown(self) -> str:
        def q(s):
            return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

        return (
            f"---\ntitle: {q(self.title)}\nproject: {self.project_id}\ntype: {self.type}\n"
            f"date: {self.date}\nsummary: {q(self.summary)}\n"
            f"authors: [{', '.join(self.authors)}]\ntags: [{', '.join(q(t) for t in self.tags)}]\n"
            f"---\n\n{self.body}"
        )

    def search_doc(self, md=None):
        from showcase.output.search import SearchDoc, html_to_text

        if md is None:
            import markdown

            md = markdown.Markdown(extensions=["tables"])
        html = md.reset().convert(self.body)
        return SearchDoc(
            id=self.id,
            url=self.url,
            title=self.title,
            summary=self.summary,
            text=html_to_text(html),
            school=self.school.name,
            school_id=self.school.id,
            project=self.project,
            project_id=self.project_id,
            district=self.school.district,
            type=self.type,
            date=self.date,
            tags=tuple(self.tags),
            demo=False,
        )


def make_schools(k: int, rnd: random.Random) -> list[School]:
    out, seen = [], set()
    while len(out) < k:
        dslug, dname = rnd.choice(DISTRICTS)
        kslug, kname = rnd.choice(SCHOOL_KINDS)
        tslug, tname = rnd.choice(SCHOOL_THEMES)
        n = rnd.randint(1, 10)
        city = "太原市" if dname in ("", "小店区", "迎泽区", "杏花岭区", "尖草坪区", "万柏林区", "晋源区") else ""
        if tname:
            name = f"{city or '山西省'}{dname}{tname}{kname}"
            sid = "-".join(x for x in (dslug, tslug, kslug) if x)
        else:
            name = f"{city}{dname}第{ORDINALS[n - 1]}{kname}"
            sid = "-".join(x for x in (dslug, f"di{n}", kslug) if x)
        if sid in seen:
            continue
        seen.add(sid)
        out.append(School(sid, name, dname))
    return out


def _fill(t: str, rnd: random.Random, ctx: dict) -> str:
    def pct():
        return f"{rnd.randint(55, 99)}.{rnd.randint(0, 9)}%"

    return (
        t.replace("{m}", ctx["major"])
        .replace("{proj}", ctx["project"])
        .replace("{c}", rnd.choice(COURSES))
        .replace("{e}", ctx["enterprise"])
        .replace("{p}", rnd.choice(PLACES))
        .replace("{r}", rnd.choice(ROLES))
        .replace("{i}", rnd.choice(INDICATORS))
        .replace("{f}", rnd.choice(PLATFORMS))
        .replace("{y}", str(rnd.randint(2016, ctx["year"])))
        .replace("{n}", str(rnd.choice([2, 3, 5, 6, 8, 10, 12, 15, 20, 30, 45, 60, 120, 300])))
        .replace("{x}", pct())
    )


def _paragraph(pool, rnd, ctx, lo=2, hi=5) -> str:
    out = []
    for _ in range(rnd.randint(lo, hi)):
        out.append(_fill(rnd.choice(pool), rnd, ctx))
        out += [_clause(rnd, ctx) for _ in range(rnd.randint(0, 2))]
    return "".join(out)


def make_case(school: School, k: int, rnd: random.Random) -> Case:
    pid, pname = rnd.choice(PROJECTS)
    year = rnd.choice([2017, 2018, 2018, 2019, 2019, 2020, 2021, 2022, 2023, 2024, 2025])
    date = f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
    ctx = {
        "major": rnd.choice(MAJORS),
        "project": pname,
        "year": year,
        "enterprise": rnd.choice(ENTERPRISE_PREFIX) + rnd.choice(ENTERPRISE_SUFFIX),
    }
    title = _fill(rnd.choice(TITLES), rnd, ctx)
    parts = [
        "## 实施背景",
        "",
        _paragraph(BACKGROUND, rnd, ctx),
        "",
        _paragraph(BACKGROUND, rnd, ctx, 1, 3),
        "",
        "## 主要做法",
        "",
    ]
    for h in range(rnd.randint(2, 4)):
        parts += [
            f"### （{ORDINALS[h]}）" + _fill(rnd.choice(PRACTICE), rnd, ctx)[:14].rstrip("，。、"),
            "",
            _paragraph(PRACTICE, rnd, ctx, 3, 6),
            "",
        ]
        if rnd.random() < 0.4:
            parts += [f"{j + 1}. " + _fill(rnd.choice(PRACTICE), rnd, ctx) for j in range(rnd.randint(2, 4))] + [""]
    parts += ["## 取得成效", "", _paragraph(RESULT, rnd, ctx, 2, 5), ""]
    if rnd.random() < 0.6:
        rows = rnd.sample(INDICATORS, rnd.randint(3, 6))
        parts += [f"| 指标 | {year - 1}年 | {year}年 |", "| --- | --- | --- |"]
        parts += [f"| {r} | {rnd.randint(50, 90)}% | {rnd.randint(60, 99)}% |" for r in rows] + [""]
    parts += ["- " + _fill(rnd.choice(RESULT), rnd, ctx) for _ in range(rnd.randint(1, 3))] + [""]
    parts += ["## 经验与反思", "", _paragraph(REFLECT, rnd, ctx, 2, 4), ""]
    body = "\n".join(parts)
    summary = _fill(rnd.choice(PRACTICE), rnd, ctx) + _fill(rnd.choice(RESULT), rnd, ctx)
    authors = [
        rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.randint(1, 2)))
        for _ in range(rnd.randint(1, 3))
    ]
    tags = rnd.sample(TAGS, rnd.randint(0, 4))
    ctype = rnd.choices(TYPES, TYPE_WEIGHTS)[0]
    return Case(school, f"{year}-{pid}-{k:03d}", title, pid, pname, ctype, date, summary, authors, tags, body)


def generate(n: int, seed: int = 4, schools: int | None = None) -> list[Case]:
    rnd = random.Random(seed)
    k = schools or max(20, min(400, n // 25))
    sch = make_schools(k, rnd)
    counts: dict[str, int] = {}
    cases = []
    for _ in range(n):
        s = sch[min(int(rnd.paretovariate(1.2)) - 1, k - 1)] if rnd.random() < 0.3 else rnd.choice(sch)
        counts[s.id] = counts.get(s.id, 0) + 1
        cases.append(make_case(s, counts[s.id], rnd))
    return cases


def search_docs(cases: list[Case]) -> list:
    import markdown

    md = markdown.Markdown(extensions=["tables"])
    return [c.search_doc(md) for c in cases]


def write_tree(cases: list[Case], out: Path) -> None:
    out = Path(out)
    done = set()
    for c in cases:
        d = out / "schools" / c.school.id
        if c.school.id not in done:
            d.mkdir(parents=True, exist_ok=True)
            (d / "school.yml").write_text(
                f"name: {c.school.name}\ndistrict: {c.school.district}\nwebsite: \neditors: []\n", "utf-8"
            )
            done.add(c.school.id)
        (d / f"{c.stem}.md").write_text(c.markdown(), "utf-8")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    cs = generate(a.n, a.seed)
    write_tree(cs, a.out)
    print(f"wrote {len(cs)} cases of {len({c.school.id for c in cs})} schools to {a.out}/schools")
