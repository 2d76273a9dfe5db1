"""``python build.py fix``: Windows encodings and line ends to UTF-8, losslessly and only with consent."""

from __future__ import annotations

import pytest

from conftest import VALID_FRONT, messages
from showcase.tools import fixer
from support import run_build_py

F = "schools/caimao/2018-case.md"
TEXT = VALID_FRONT.replace("正文内容。", "正文内容：“引号”、〔2017〕、𠀀（扩展 B 区汉字）。")
GBK_CRLF = TEXT.replace("\n", "\r\n").encode("gb18030")


def test_gbk_with_crlf_is_converted_losslessly(tree):
    root = tree({F: GBK_CRLF})
    (plan,) = fixer.scan(root)
    assert plan.path == F
    assert plan.changes == [
        "GBK/GB18030 编码（Windows 记事本或旧版 Word 的默认编码） → UTF-8",
        "Windows 换行（CRLF，13 处）→ 统一换行（LF）",
    ]
    assert fixer.apply(root, [plan]) == [F]
    assert (root / F).read_bytes() == TEXT.encode("utf-8")
    assert messages(root) == []


def test_bom_and_lone_cr(tree):
    root = tree({F: b"\xef\xbb\xbf" + TEXT.replace("\n", "\r").encode("utf-8")})
    (plan,) = fixer.scan(root)
    assert plan.changes == ["去掉文件开头的 UTF-8 标记（BOM）", "旧式 Mac 换行（CR，13 处）→ 统一换行（LF）"]
    fixer.apply(root, [plan])
    assert (root / F).read_bytes() == TEXT.encode("utf-8")


def test_utf16_from_notepad(tree):
    root = tree({F: b"\xff\xfe" + TEXT.replace("\n", "\r\n").encode("utf-16-le")})
    (plan,) = fixer.scan(root)
    assert plan.changes == ["UTF-16 编码（记事本里的“Unicode”） → UTF-8", "Windows 换行（CRLF，13 处）→ 统一换行（LF）"]
    fixer.apply(root, [plan])
    assert (root / F).read_bytes() == TEXT.encode("utf-8")


def test_clean_files_are_left_alone(tree):
    root = tree({F: TEXT})
    assert fixer.scan(root) == []


def test_undecodable_bytes_are_refused(tree):
    data = TEXT.encode("gb18030").replace("正文内容".encode("gb18030"), b"\x80\xff")
    root = tree({F: data})
    (plan,) = fixer.scan(root)
    assert not plan.convertible
    assert plan.refusal == "第 13 行有既不是 UTF-8 也不是 GBK/GB18030 的字节，无法确定原来的字符"
    assert fixer.apply(root, [plan]) == []
    assert (root / F).read_bytes() == data


def test_mixed_encodings_are_refused(tree):
    data = TEXT.encode("utf-8") + "粘贴的一行\n".encode("gbk")
    root = tree({F: data})
    (plan,) = fixer.scan(root)
    assert (
        plan.refusal
        == "文件大部分是 UTF-8 编码，但第 14 行混有其他编码的文字（可能是从别处粘贴的），自动转换会把其中一部分变成乱码"
    )


def test_files_outside_the_content_folders_are_not_touched(tree):
    root = tree({"notes/a.md": GBK_CRLF, "schools/caimao/images/a.png": b"\x89PNG\r\n\x1a\n"})
    assert fixer.scan(root) == []


def test_fix_asks_and_does_nothing_without_consent(tree):
    root = tree({F: GBK_CRLF})
    result = run_build_py(root, "fix", input="n\n")
    assert result.returncode == 1
    assert result.stdout == (
        "以下 1 个文件需要转换为 UTF-8（无 BOM、统一换行）：\n"
        f"  {F}：GBK/GB18030 编码（Windows 记事本或旧版 Word 的默认编码） → UTF-8；Windows 换行（CRLF，13 处）→ 统一换行（LF）\n"
        "要转换以上 1 个文件吗？转换不会丢失任何字符。[y/N] 未做任何修改。\n"
    )
    assert (root / F).read_bytes() == GBK_CRLF
    # No answer at all (not a terminal) is a no as well.
    assert run_build_py(root, "fix").returncode == 1
    assert (root / F).read_bytes() == GBK_CRLF


def test_fix_converts_with_consent(tree):
    root = tree({F: GBK_CRLF})
    result = run_build_py(root, "fix", input="y\n")
    assert result.returncode == 0
    assert result.stdout.endswith("[y/N] 已转换 1 个文件。请运行 python build.py check 检查，再提交。\n")
    assert (root / F).read_bytes() == TEXT.encode("utf-8")
    again = run_build_py(root, "fix")
    assert (again.returncode, again.stdout) == (0, "所有文件都已是 UTF-8 编码（无 BOM、统一换行），不需要转换。\n")


def test_fix_yes_converts_without_asking_and_reports_refusals(tree):
    bad = b"---\ntitle: \x80\n---\n"
    root = tree({F: GBK_CRLF, "schools/caimao/2018-bad.md": bad})
    result = run_build_py(root, "fix", "--yes")
    assert result.returncode == 1
    assert result.stdout == (
        "以下 1 个文件需要转换为 UTF-8（无 BOM、统一换行）：\n"
        f"  {F}：GBK/GB18030 编码（Windows 记事本或旧版 Word 的默认编码） → UTF-8；Windows 换行（CRLF，13 处）→ 统一换行（LF）\n"
        "以下 1 个文件无法安全转换，不会修改：\n"
        "  schools/caimao/2018-bad.md：第 2 行有既不是 UTF-8 也不是 GBK/GB18030 的字节，无法确定原来的字符\n"
        "  请用文本编辑器（如 VS Code）打开这些文件，找到提示的那一行，把乱码处改成正确的文字，再“另存为 UTF-8”；如果原文来自 Word，可以从 Word 里重新复制。\n"
        "已转换 1 个文件。请运行 python build.py check 检查，再提交。\n"
    )
    assert (root / F).read_bytes() == TEXT.encode("utf-8")
    assert (root / "schools/caimao/2018-bad.md").read_bytes() == bad


# --- the fix never guesses: only encodings it can prove ----------------------------------------

TRADITIONAL = (
    VALID_FRONT.replace("以诊促改的实践", "以診促改的實踐")
    .replace("学校建立质量改进螺旋。", "學校建立品質改進機制。")
    .replace("张三", "張三")
    .replace("诊改", "診改")
    .replace("实施背景", "實施背景")
    .replace(
        "正文内容。",
        "臺北市政府教育局為推動技術及職業教育，於民國一百零七年辦理實習課程，學生須於指定機構完成實務訓練。",
    )
)
JAPANESE = "---\ntitle: 職業教育の改革\n---\n\n## 背景\n\n学校と企業が連携して実習を行います。生徒は専門的な技術を身につけます。\n"
SAVE_AS = "未做修改；请用原来编辑它的软件（如记事本、WPS）打开，确认文字显示正常后“另存为”UTF-8 编码"
NOT_CHINESE = (
    "无法确定文件的编码：按 GBK/GB18030 读出的文字不像正常的中文（可能是繁体中文 Big5、日文 Shift-JIS 或西文编码），"
    + SAVE_AS
)
GBK_NAME = "GBK/GB18030 编码（Windows 记事本或旧版 Word 的默认编码） → UTF-8"
RANDOM = bytes((i * 7919 + 13) % 251 for i in range(3000))

REFUSED = {
    # Big5 and Shift-JIS decode as GB18030 (and encode back) into characters no Chinese text has.
    "big5": (TRADITIONAL.encode("big5"), NOT_CHINESE),
    "big5-short": ("---\ntitle: 學校\n---\n".encode("big5"), NOT_CHINESE),
    "shift-jis": (JAPANESE.encode("shift_jis"), NOT_CHINESE),
    "shift-jis-katakana": ("---\ntitle: テスト\n---\n".encode("shift_jis"), NOT_CHINESE),
    "latin-1": ("---\ntitle: Grüße aus München\n---\n".encode("latin-1"), NOT_CHINESE),
    "latin-1-undecodable": (
        "---\ntitle: Café\n---\n".encode("latin-1"),
        "第 2 行有既不是 UTF-8 也不是 GBK/GB18030 的字节，无法确定原来的字符",
    ),
    "utf-32-without-mark": (
        "---\ntitle: abc\n---\n".encode("utf-32-le"),
        "第 1 行有空字符（NUL），可能是 UTF-16 或 UTF-32 编码但没有开头标记，无法确定文件的编码，" + SAVE_AS,
    ),
    "utf-32-chinese-without-mark": (
        TEXT.encode("utf-32-le"),
        "第 6 行有既不是 UTF-8 也不是 GBK/GB18030 的字节，无法确定原来的字符",
    ),
    "random-bytes": (RANDOM, "第 1 行有既不是 UTF-8 也不是 GBK/GB18030 的字节，无法确定原来的字符"),
    "utf-8-mark-then-gbk": (
        b"\xef\xbb\xbf" + TEXT.replace("𠀀", "").encode("gbk"),
        "文件开头的标记（BOM）表明是 UTF-8 编码，但第 2 行有不符合 UTF-8 的字节，无法确定原来的字符",
    ),
    "utf-32-mark-broken": (
        b"\xff\xfe\x00\x00" + "标题".encode("utf-32-le") + b"\x00\x00\x11\x00",
        "第 1 行有不符合 UTF-32 编码的字节，无法确定原来的字符",
    ),
}

CONVERTED = {
    "gbk": (TEXT.replace("𠀀", "").encode("gbk"), TEXT.replace("𠀀", ""), [GBK_NAME]),
    "gb18030-four-byte": (TEXT.encode("gb18030"), TEXT, [GBK_NAME]),
    "utf-32-le-mark": (b"\xff\xfe\x00\x00" + TEXT.encode("utf-32-le"), TEXT, ["UTF-32 编码 → UTF-8"]),
    "utf-32-be-mark": (b"\x00\x00\xfe\xff" + TEXT.encode("utf-32-be"), TEXT, ["UTF-32 编码 → UTF-8"]),
    "utf-16-le-mark": (b"\xff\xfe" + TEXT.encode("utf-16-le"), TEXT, ["UTF-16 编码（记事本里的“Unicode”） → UTF-8"]),
    "utf-16-le-without-mark": (TEXT.encode("utf-16-le"), TEXT, ["UTF-16 编码（记事本里的“Unicode”） → UTF-8"]),
    "utf-16-be-without-mark": (
        TEXT.encode("utf-16-be"),
        TEXT,
        ["UTF-16 编码（记事本里的“Unicode big endian”） → UTF-8"],
    ),
    "crlf": (TEXT.replace("\n", "\r\n").encode("utf-8"), TEXT, ["Windows 换行（CRLF，13 处）→ 统一换行（LF）"]),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_unprovable_encodings_are_refused_and_left_unchanged(tree, name):
    data, refusal = REFUSED[name]
    root = tree({F: data})
    (plan,) = fixer.scan(root)
    assert (plan.convertible, plan.refusal) == (False, refusal)
    assert fixer.apply(root, [plan]) == []
    assert (root / F).read_bytes() == data


@pytest.mark.parametrize("name", list(CONVERTED))
def test_provable_encodings_are_converted(tree, name):
    data, text, changes = CONVERTED[name]
    root = tree({F: data})
    (plan,) = fixer.scan(root)
    assert (plan.refusal, plan.changes) == ("", changes)
    assert fixer.apply(root, [plan]) == [F]
    assert (root / F).read_bytes() == text.encode("utf-8")


def test_fix_yes_leaves_a_big5_file_as_it_was(tree):
    data = TRADITIONAL.encode("big5")
    root = tree({F: data})
    result = run_build_py(root, "fix", "--yes")
    assert result.returncode == 1
    assert f"  {F}：{NOT_CHINESE}\n" in result.stdout
    assert (root / F).read_bytes() == data
