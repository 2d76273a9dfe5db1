"""``python build.py report``: the bureau's working report prints the missing required items and
writes the working XLSX and CSV (the public site never shows them; see tests/generate/test_bureau.py
and tests/engine/test_build_e2e.py)."""

from __future__ import annotations

import pytest

from conftest import case_text, make_tree
from showcase.output import report
from support import run_build_py


@pytest.fixture
def assessed_root(tree):
    return tree(
        {
            "schools/caimao/2017-zhengai.md": case_text("财贸诊改2017", "teaching-diagnosis", "诊改报告", "2017-12-01"),
            "schools/caimao/2018-anli.md": case_text("财贸案例2018", "teaching-diagnosis", "典型案例", "2018-03-01"),
            "schools/caimao/2019-zhengai.md": case_text("财贸诊改2019", "teaching-diagnosis", "诊改报告", "2019-06-30"),
            "schools/weisheng/2018-zhengai.md": case_text(
                "卫生诊改2018", "teaching-diagnosis", "诊改报告", "2018-12-20"
            ),
            "assessment.yml": "first_year: 2017\nlast_year: 2019\n",
        }
    )


def test_report_command_prints_and_writes_the_missing_lists(assessed_root, tmp_path):
    lines: list[str] = []
    notes: list[str] = []
    out_dir = tmp_path / "out"
    code = report.run(assessed_root, out_dir=out_dir, as_of=2019, out=lines.append, echo=notes.append)
    assert code == 0, notes
    assert lines[0] == "每年必交材料（试点期 2017—2019 年，截至 2019 年）：缺交 10 项，待交 5 项，已交 3 项。"
    assert lines[1:3] == ["太原市财贸学校", "  教学诊断与改进：2018 年诊改报告（缺交）"]
    assert "  教学诊断与改进：2017 年诊改报告（缺交）、2019 年诊改报告（待交）" in lines
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "neibu-jindu-xiangmu.csv",
        "neibu-jindu-xiaoxiang.csv",
        "neibu-jindu-xuexiao.csv",
        "neibu-meinian-bijiao.csv",
        "neibu-shidian-jindu-2019.xlsx",
    ]
    assert "缺交" in (out_dir / "neibu-meinian-bijiao.csv").read_text(encoding="utf-8-sig")
    assert notes[-1] == "这些文件列有各校缺交的材料，只供市教育局内部使用，不要发布到网站上。"


def test_report_command_refuses_content_with_errors(tree, tmp_path):
    root = tree({"assessment.yml": "first_year: 2018\nlast_year: 2017\n"})
    notes: list[str] = []
    code = report.run(root, out_dir=tmp_path / "out", out=notes.append, echo=notes.append)
    assert code == 1 and not (tmp_path / "out").exists()
    assert notes[-1] == "内容有 1 个错误，未生成工作表（有错误的材料会被当作缺交）。请按上面的提示修改后重试。"


def test_report_command_line(tmp_path):
    """``python build.py report`` in a terminal: Chinese help, a bad year refused in Chinese."""
    root = make_tree(
        tmp_path / "site",
        {"schools/caimao/2017-zhengai.md": case_text("诊改", "teaching-diagnosis", "诊改报告", "2017-12-01")},
    )
    helped = run_build_py(root, "report", "--help")
    assert "列出各校缺交、待交的每年必交材料" in run_build_py(root, "--help").stdout
    assert "默认 dist/" in helped.stdout and "默认今年" in helped.stdout
    bad = run_build_py(root, "report", "--year", "18")
    assert bad.returncode == 2 and "年份应为 2017 到 2100 之间的四位数，如 2018，实际是“18”" in bad.stderr
    done = run_build_py(root, "report", "--year", "2018")
    assert done.returncode == 0, done.stderr
    assert "太原市财贸学校\n  教学诊断与改进：2018 年诊改报告（待交）\n" in done.stdout
    assert (root / "dist" / "neibu-shidian-jindu-2018.xlsx").is_file()
