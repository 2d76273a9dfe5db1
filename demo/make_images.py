"""Draw the sample (示例) images used by the demo submissions.

Every image carries a visible "示例图片" label: the pictures only demonstrate
the page layout and show no real campus, person, statistic or result.

Run from anywhere:  python demo/make_images.py
Output: demo/<school-id>/images/*.png|jpg (overwritten on each run, deterministic).
"""

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT_PATH = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FONT_INDEX = 2  # Noto Sans CJK SC (simplified Chinese glyph forms)
W, H = 1200, 675
MAX_BYTES = 120 * 1024

INK = (38, 50, 56)
GREY = (120, 130, 138)
LIGHT = (236, 240, 243)
BADGE = (198, 40, 40)
PALETTE = [
    (25, 118, 210),
    (0, 137, 123),
    (245, 124, 0),
    (94, 53, 177),
    (56, 142, 60),
    (216, 67, 21),
]

NOTE = "示例图片 · 仅用于演示页面排版，不代表学校真实情况"


def font(size):
    return ImageFont.truetype(FONT_PATH, size, index=FONT_INDEX)


def text_center(draw, xy, text, size, fill=INK):
    f = font(size)
    x0, y0, x1, y1 = draw.textbbox((0, 0), text, font=f)
    draw.text((xy[0] - (x1 - x0) / 2 - x0, xy[1] - (y1 - y0) / 2 - y0), text, font=f, fill=fill)


def badge(draw):
    """Red "示例图片" label in the top-right corner and a note at the bottom."""
    f = font(30)
    label = "示例图片"
    x0, y0, x1, y1 = draw.textbbox((0, 0), label, font=f)
    pad = 14
    bw, bh = x1 - x0 + 2 * pad, y1 - y0 + 2 * pad
    left, top = W - bw - 24, 20
    draw.rounded_rectangle((left, top, left + bw, top + bh), radius=10, fill=BADGE)
    draw.text((left + pad - x0, top + pad - y0), label, font=f, fill="white")
    text_center(draw, (W / 2, H - 24), NOTE, 20, fill=GREY)


def title(draw, text, sub=None):
    draw.text((40, 28), text, font=font(38), fill=INK)
    if sub:
        draw.text((42, 84), sub, font=font(22), fill=GREY)


def arrow(draw, p, q, fill=INK, width=4, head=16):
    draw.line([p, q], fill=fill, width=width)
    ang = math.atan2(q[1] - p[1], q[0] - p[0])
    left = (q[0] - head * math.cos(ang - 0.45), q[1] - head * math.sin(ang - 0.45))
    right = (q[0] - head * math.cos(ang + 0.45), q[1] - head * math.sin(ang + 0.45))
    draw.polygon([q, left, right], fill=fill)


def new_canvas(bg="white"):
    img = Image.new("RGB", (W, H), bg)
    return img, ImageDraw.Draw(img)


# ---------------------------------------------------------------- diagrams


def spiral(heading, sub, steps):
    """A closed improvement loop of steps with an upward arrow: the 诊改 spiral."""
    img, d = new_canvas()
    title(d, heading, sub)
    cx, cy, rx, ry = 560, 390, 330, 185
    n = len(steps)
    pts = []
    for i in range(n):
        a = -math.pi / 2 + 2 * math.pi * i / n
        pts.append((cx + rx * math.cos(a), cy + ry * math.sin(a)))
    d.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), outline=LIGHT, width=10)
    for i in range(n):
        p, q = pts[i], pts[(i + 1) % n]
        # shorten the connecting arrow so it stops at the node edge
        dx, dy = q[0] - p[0], q[1] - p[1]
        dist = math.hypot(dx, dy)
        s = 62 / dist
        arrow(d, (p[0] + dx * s, p[1] + dy * s), (q[0] - dx * s, q[1] - dy * s), fill=GREY, width=3)
    for i, (x, y) in enumerate(pts):
        col = PALETTE[i % len(PALETTE)]
        d.rounded_rectangle((x - 70, y - 30, x + 70, y + 30), radius=14, fill=col)
        text_center(d, (x, y), steps[i], 26, fill="white")
    text_center(d, (cx, cy - 14), "年度诊改主题", 28, fill=INK)
    text_center(d, (cx, cy + 26), "每轮循环后进入新起点", 20, fill=GREY)
    # upward arrow: 螺旋上升
    arrow(d, (1040, 560), (1040, 170), fill=BADGE, width=8, head=28)
    for k, ch in enumerate("螺旋上升"):
        text_center(d, (1090, 270 + k * 40), ch, 28, fill=BADGE)
    badge(d)
    return img


def timetable(heading, sub, rows, cells, legend):
    """Weekly timetable. cells[r][c] is (text, legend_key)."""
    img, d = new_canvas()
    title(d, heading, sub)
    days = ["周一", "周二", "周三", "周四", "周五"]
    left, top, colw, rowh, headw = 60, 140, 196, 150, 120
    d.rectangle((left, top, left + headw + colw * 5, top + 50), fill=LIGHT)
    for c, day in enumerate(days):
        text_center(d, (left + headw + colw * c + colw / 2, top + 25), day, 24)
    for r, row in enumerate(rows):
        y = top + 50 + rowh * r
        text_center(d, (left + headw / 2, y + rowh / 2), row, 24)
        for c in range(5):
            text, key = cells[r][c]
            col = legend[key]
            x = left + headw + colw * c
            d.rounded_rectangle((x + 6, y + 6, x + colw - 6, y + rowh - 6), radius=10, fill=col)
            lines = text.split("\n")
            for k, line in enumerate(lines):
                off = (k - (len(lines) - 1) / 2) * 30
                text_center(d, (x + colw / 2, y + rowh / 2 + off), line, 22, fill="white")
    # legend
    ly = top + 50 + rowh * len(rows) + 26
    lx = left
    for name, col in legend.items():
        d.rounded_rectangle((lx, ly, lx + 28, ly + 28), radius=6, fill=col)
        d.text((lx + 38, ly - 2), name, font=font(22), fill=INK)
        lx += 60 + 26 * len(name)
    badge(d)
    return img


def bars(heading, sub, labels, series, unit):
    """Grouped bar chart; series is [(name, values, colour)]. Values are 示意数据."""
    img, d = new_canvas()
    title(d, heading, sub)
    left, right, top, bottom = 120, 1000, 180, 510
    vmax = max(max(v) for _, v, _ in series)
    step = 10 ** int(math.log10(vmax))
    top_val = math.ceil(vmax / step) * step
    for k in range(6):
        val = top_val * k / 5
        y = bottom - (bottom - top) * k / 5
        d.line((left, y, right, y), fill=LIGHT, width=2)
        lab = f"{val:g}"
        d.text((left - 16 - 12 * len(lab), y - 14), lab, font=font(20), fill=GREY)
    d.line((left, bottom, right, bottom), fill=INK, width=3)
    d.text((left - 90, top - 48), f"单位：{unit}", font=font(20), fill=GREY)
    group = (right - left) / len(labels)
    bw = group * 0.7 / len(series)
    for i, lab in enumerate(labels):
        gx = left + group * i + group * 0.15
        for j, (_, vals, col) in enumerate(series):
            h = (bottom - top) * vals[i] / top_val
            x = gx + bw * j
            d.rectangle((x, bottom - h, x + bw - 6, bottom), fill=col)
            text_center(d, (x + (bw - 6) / 2, bottom - h - 16), f"{vals[i]:g}", 18, fill=INK)
        text_center(d, (left + group * i + group / 2, bottom + 26), lab, 22)
    ly = 170
    for name, _, col in series:
        d.rectangle((1030, ly, 1056, ly + 26), fill=col)
        d.text((1066, ly - 3), name, font=font(22), fill=INK)
        ly += 44
    text_center(d, ((left + right) / 2, bottom + 80), "示意数据，非真实统计", 26, fill=BADGE)
    badge(d)
    return img


def cover(heading, sub, hue):
    """Abstract cover: overlapping translucent shapes, no campus or people."""
    base = PALETTE[hue % len(PALETTE)]
    bg = tuple(int(c * 0.25 + 255 * 0.75) for c in base)
    img = Image.new("RGB", (W, H), bg)
    layer = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    ld = ImageDraw.Draw(layer)
    for k in range(7):
        col = PALETTE[(hue + k) % len(PALETTE)]
        r = 120 + 40 * ((k * 37) % 5)
        x = 620 + ((k * 173) % 560)
        y = 60 + ((k * 251) % 560)
        ld.ellipse((x - r, y - r, x + r, y + r), fill=col + (70,))
    for k in range(5):
        y = 430 + k * 34
        ld.rectangle((0, y, 560 - k * 60, y + 14), fill=base + (110,))
    img.paste(layer, (0, 0), layer)
    d = ImageDraw.Draw(img)
    d.text((70, 200), heading, font=font(60), fill=INK)
    d.text((74, 292), sub, font=font(30), fill=GREY)
    badge(d)
    return img


# ---------------------------------------------------------------- the set

SPIRAL_STEPS = ["目标", "标准", "实施", "监测", "诊断", "改进"]

JOBS = [
    # 教学诊断与改进
    (
        "caimao/images/zhengai-luoxuan.png",
        lambda: spiral("诊改工作流程示意", "目标—标准—实施—监测—诊断—改进", SPIRAL_STEPS),
    ),
    (
        "shengtai-gongcheng/images/zhengai-luoxuan.png",
        lambda: spiral("校本诊改螺旋示意", "以年度诊改主题为起点的循环", SPIRAL_STEPS),
    ),
    (
        "qingxu-zhijiao/images/zhengai-jindu.png",
        lambda: bars(
            "诊改任务完成进度（示意）",
            "按学期统计的任务条目，示意数据",
            ["2018 春", "2018 秋", "2019 春", "2019 秋"],
            [("计划条目", [12, 15, 16, 18], PALETTE[0]), ("已完成条目", [8, 12, 14, 15], PALETTE[1])],
            "条",
        ),
    ),
    # 校企合作模式（综合示范案例）
    ("dachang-qiche/images/cover.jpg", lambda: cover("校企共建实训环境", "校企合作模式 · 示例案例封面", 0)),
    (
        "dachang-qiche/images/gongxue-zhoubiao.png",
        lambda: timetable(
            "跟岗实习周课表（示意）",
            "校内学习与企业岗位交替安排",
            ["上午", "下午"],
            [
                [
                    ("专业理论", "校内学习"),
                    ("企业岗位\n跟岗", "企业岗位"),
                    ("企业岗位\n跟岗", "企业岗位"),
                    ("实训中心\n项目", "校内实训"),
                    ("企业岗位\n跟岗", "企业岗位"),
                ],
                [
                    ("实训中心\n项目", "校内实训"),
                    ("企业岗位\n跟岗", "企业岗位"),
                    ("企业导师\n点评", "企业岗位"),
                    ("专业理论", "校内学习"),
                    ("周总结\n与反思", "校内学习"),
                ],
            ],
            {"校内学习": PALETTE[0], "校内实训": PALETTE[2], "企业岗位": PALETTE[1]},
        ),
    ),
    (
        "dachang-qiche/images/shiyi-zhuzhuangtu.png",
        lambda: bars(
            "学生实践学时构成（示意）",
            "各学期校内实训与企业实践学时，示意数据",
            ["第一学期", "第二学期", "第三学期", "第四学期"],
            [("校内实训", [120, 160, 180, 140], PALETTE[2]), ("企业实践", [20, 40, 80, 160], PALETTE[1])],
            "学时",
        ),
    ),
    # 现代学徒制探索
    (
        "jiaotong/images/xuetu-zhoubiao.png",
        lambda: timetable(
            "学徒班工学交替周安排（示意）",
            "“3+2”：三天在校、两天在岗",
            ["上午", "下午"],
            [
                [
                    ("公共基础", "在校学习"),
                    ("专业核心课", "在校学习"),
                    ("专业核心课", "在校学习"),
                    ("师傅带徒\n岗位训练", "企业岗位"),
                    ("师傅带徒\n岗位训练", "企业岗位"),
                ],
                [
                    ("专业核心课", "在校学习"),
                    ("校内实训", "在校学习"),
                    ("班会与\n学徒日志", "在校学习"),
                    ("师傅带徒\n岗位训练", "企业岗位"),
                    ("岗位考核\n与记录", "企业岗位"),
                ],
            ],
            {"在校学习": PALETTE[0], "企业岗位": PALETTE[1]},
        ),
    ),
    # 规范实习管理
    (
        "weisheng/images/shixi-peibi.png",
        lambda: bars(
            "三类实习学时配比（示意）",
            "认识实习、跟岗实习、顶岗实习，示意数据",
            ["认识实习", "跟岗实习", "顶岗实习"],
            [("调整前", [30, 60, 600], PALETTE[3]), ("调整后", [60, 180, 480], PALETTE[1])],
            "学时",
        ),
    ),
    ("youer-shifan/images/cover.jpg", lambda: cover("实习管理工作方案", "规范实习管理 · 示例封面", 1)),
    # 强化学校管理
    ("xinxi-jishu/images/cover.jpg", lambda: cover("6S 管理进实训室", "强化学校管理 · 示例封面", 2)),
    # 职业教育信息化建设
    ("disi-zhizhong/images/cover.jpg", lambda: cover("数字化教学资源建设", "职业教育信息化建设 · 示例封面", 3)),
    # 深化教学改革
    (
        "dishi-zhizhong/images/xiangmu-zhoubiao.png",
        lambda: timetable(
            "项目教学周安排（示意）",
            "一个真实项目按业务流程拆成五天",
            ["上午", "下午"],
            [
                [
                    ("接单与\n需求分析", "项目环节"),
                    ("方案设计", "项目环节"),
                    ("制作实施", "项目环节"),
                    ("制作实施", "项目环节"),
                    ("成果展示", "评价环节"),
                ],
                [
                    ("知识讲解", "知识补充"),
                    ("方案评审", "评价环节"),
                    ("知识讲解", "知识补充"),
                    ("自检互检", "评价环节"),
                    ("复盘反思", "评价环节"),
                ],
            ],
            {"项目环节": PALETTE[0], "知识补充": PALETTE[2], "评价环节": PALETTE[3]},
        ),
    ),
]


def save(img, rel):
    out = HERE / rel
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == ".jpg":
        img.save(out, "JPEG", quality=80, optimize=True)
    else:
        img = img.convert("P", palette=Image.Palette.ADAPTIVE, colors=64)
        img.save(out, "PNG", optimize=True)
    size = out.stat().st_size
    assert size < MAX_BYTES, f"{rel} is {size} bytes"
    return size


def main():
    for rel, make in JOBS:
        print(f"{rel}: {save(make(), rel)} bytes")


if __name__ == "__main__":
    main()
