"""The schema of every file people write: ``projects/*.yml``, ``schools/*/school.yml`` and the
front matter of submissions.  Declared once, with pydantic; the checks, the JSON Schema for
editors and the field tables of the contributor guide all derive from these classes.

Values are normalised before validation (a single author given as a string, dates written the
usual Chinese ways), and pydantic's errors are translated into Chinese messages with a fix.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from showcase.load.sources import YamlDoc
from showcase.problems import Problems, did_you_mean

#: The controlled list of submission types, in display order.
SUBMISSION_TYPES: tuple[str, ...] = ("典型案例", "经验总结", "工作方案", "诊改报告", "进展报告")

#: The pilot programme started with the notice in 2017; nothing submitted can predate it.
PROGRAMME_START = dt.date(2017, 1, 1)
#: The longest pilot period ``assessment.yml`` may set (the notice's is two years).
MAX_PILOT_YEARS = 20

SubmissionType = Literal["典型案例", "经验总结", "工作方案", "诊改报告", "进展报告"]

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_ID_RE = re.compile(ID_PATTERN)

#: Keys of earlier versions of a file: the key that replaces each, and what to do.
RENAMED_KEYS: dict[str, tuple[str, str]] = {
    "this_year": (
        "last_year",
        "“本年度”已不再使用：公开页面只统计试点期，请删除这一行，用 last_year 写试点期的最后一年（如 2018）；"
        "按某一年统计缺交情况请用 python build.py report --year 年份",
    ),
}

#: Chinese key names people type by habit, and the key they mean.
CHINESE_KEYS: dict[str, str] = {
    "标题": "title",
    "题目": "title",
    "项目": "project",
    "试点项目": "project",
    "类型": "type",
    "材料类型": "type",
    "日期": "date",
    "时间": "date",
    "摘要": "summary",
    "简介": "summary",
    "作者": "authors",
    "作者们": "authors",
    "关键词": "tags",
    "标签": "tags",
    "封面": "cover",
    "学校": "school",
    "名称": "name",
    "校名": "name",
    "区县": "district",
    "网站": "website",
    "编辑": "editors",
    "账号": "editors",
}

_LIST_SPLIT = re.compile(r"(?<!\s)\s*[,，、;；]\s*")  # starts only where a space run starts: linear

# --- text that the pages show on one line ---------------------------------------------------------
#
# Titles, names, authors and tags end up in HTML attributes, the page title, feeds, the search
# index and the CSV/XLSX exports.  The core refuses what cannot be shown safely everywhere, so
# that no template has to be trusted to escape it: the markup characters < > & " and every
# control or direction character (the same list as sources.CONTROL_CHARS; in YAML they arrive as
# escapes such as "\u202e").

_CONTROLS = "\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff"
_UNSAFE_LINE = re.compile(f'[<>&"{_CONTROLS}]')
#: A summary is a sentence or two: it may have & and " (escaped where shown), never markup.
_UNSAFE_SUMMARY = re.compile(f"[<>{_CONTROLS}]")


def _refusing(pattern: re.Pattern[str]):
    def check(value: str) -> str:
        match = pattern.search(value)
        if match:
            char = match.group()
            raise PydanticCustomError(
                "unsafe_char",
                "有不能显示的字符 {char}",
                {"char": char if char in '<>&"' else f"U+{ord(char):04X}", "control": char not in '<>&"'},
            )
        return value

    return AfterValidator(check)


#: Text shown on one line: titles, names, authors, tags, reasons.
SafeLine = Annotated[str, _refusing(_UNSAFE_LINE)]
#: A sentence or two (summaries).
SafeText = Annotated[str, _refusing(_UNSAFE_SUMMARY)]


def _web_address(value: str | None) -> str | None:
    """A school's website: an http(s) address of a host, without user name or password."""
    if not value:
        return value
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise PydanticCustomError("invalid_url", "网站地址“{found}”不完整", {"found": value})
    if "@" in parts.netloc:
        raise PydanticCustomError("invalid_url", "网站地址里不能有用户名或密码（@ 之前的部分）", {})
    bad = re.search(f"[<>\"'`\\\\{_CONTROLS}]", value)
    if bad:
        raise PydanticCustomError(
            "invalid_url",
            "网站地址里有不能出现在网址中的字符“{char}”",
            {"char": bad.group() if bad.group().isprintable() else f"U+{ord(bad.group()):04X}"},
        )
    return value


def _to_text(value: Any) -> Any:
    """Numbers written without quotes (``title: 2018``) are meant as text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return value


def _to_text_list(value: Any) -> Any:
    """One name or several: ``张三``, ``张三、李四`` and ``[张三, 李四]`` all become a list."""
    if value is None:
        return []
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return [part for part in _LIST_SPLIT.split(str(value).strip()) if part]
    if isinstance(value, list):
        return [_to_text(item) for item in value]
    return value


_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(value: Any) -> Any:
    """Accept ``2018-06-01``, ``2018-6-1``, ``2018/6/1``, ``2018.6.1`` and ``2018年6月1日``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        match = _DATE_RE.match(text)
        if not match:
            raise PydanticCustomError(
                "date_format",
                "日期“{found}”看不懂；应写成 2018-06-01 这样的“年-月-日”",
                {"found": value},
            )
        year, month, day = (int(part) for part in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise PydanticCustomError(
                "date_impossible",
                "日期“{found}”不存在（{year} 年 {month} 月没有 {day} 日）",
                {"found": value, "year": year, "month": month, "day": day},
            ) from None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise PydanticCustomError(
            "date_format", "日期“{found}”看不懂；应写成 2018-06-01 这样的“年-月-日”", {"found": value}
        )
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class ProjectFile(_Strict):
    """``projects/<project-id>.yml``: one pilot project of the notice."""

    order: int = Field(ge=1, description="在通知中的序号，1–8，决定显示顺序")
    name: SafeLine = Field(min_length=1, description="项目名称，照录通知原文")
    schools: list[str] = Field(min_length=1, description="承担本项目的试点学校编号（schools/ 下的文件夹名）")
    contents: list[SafeText] = Field(min_length=1, description="试点内容，照录通知原文，每条一项")
    required_each_year: list[SubmissionType] = Field(
        default_factory=list,
        description="每所试点学校每年必须提交的材料类型（考核用，依据通知原文），如 [诊改报告]",
    )

    _text = field_validator("name", mode="before")(_to_text)
    _required = field_validator("required_each_year", mode="before")(_to_text_list)


_GITHUB_ACCOUNT = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})")


def _github_accounts(value: list[str]) -> list[str]:
    """GitHub account names, with a leading ``@`` (as people copy them from GitHub) dropped."""
    for account in value:
        if not _GITHUB_ACCOUNT.fullmatch(account.lstrip("@")):
            raise PydanticCustomError(
                "github_account",
                "“{found}”不是有效的 GitHub 账号名（只能有英文字母、数字和连字符）",
                {"found": account},
            )
    return [account.lstrip("@") for account in value]


class SchoolFile(_Strict):
    """``schools/<school-id>/school.yml``: one pilot school."""

    name: SafeLine = Field(min_length=1, description="学校全称，照录通知原文")
    district: SafeLine | None = Field(None, description="所在县（市、区），仅在校名中写明时填写，否则留空")
    website: str | None = Field(
        None, description="学校官方网站地址（由学校核实后填写，否则留空）", pattern=r"^https?://\S+$"
    )
    editors: list[str] = Field(
        default_factory=list,
        description="可以修改本校文件夹的 GitHub 账号",
        json_schema_extra={"items": {"pattern": r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$"}},
    )

    _text = field_validator("name", "district", "website", mode="before")(_to_text)
    _list = field_validator("editors", mode="before")(_to_text_list)

    _accounts = field_validator("editors")(_github_accounts)
    _website = field_validator("website")(_web_address)

    @field_validator("district", "website")
    @classmethod
    def _empty_is_none(cls, value: str | None) -> str | None:
        return value or None


class SubmissionMeta(_Strict):
    """The front matter of a submission (``schools/<school-id>/<name>.md``)."""

    title: SafeLine = Field(
        min_length=1,
        max_length=80,
        description="标题，30 字以内为宜",
        examples=["以诊促改：构建校本教学质量保证体系的实践"],
    )
    project: str = Field(
        description="试点项目编号，只能是本校承担的项目之一（见“试点项目”页）",
        examples=["teaching-diagnosis"],
    )
    type: SubmissionType = Field(description="材料类型：" + " / ".join(SUBMISSION_TYPES), examples=["典型案例"])
    date: dt.date = Field(description="日期，写成 2018-06-01", examples=["2018-06-01"])
    summary: SafeText = Field(
        min_length=1,
        max_length=200,
        description="摘要，一两句话，200 字以内",
        examples=["学校以年度诊改主题为抓手，建立质量改进螺旋。"],
    )
    authors: list[SafeLine] = Field(
        min_length=1, description="作者，一位或多位：[张三, 李四]", examples=[["张三", "李四"]]
    )
    tags: list[SafeLine] = Field(default_factory=list, description="关键词（可选），便于检索：[诊改, 质量保证]")
    cover: str | None = Field(None, description="封面图片（可选），本文件旁边的图片的相对路径，如 images/cover.jpg")
    name: str | None = Field(
        None,
        pattern=ID_PATTERN,
        max_length=60,
        description="文件名里年份后面的短名（可选，网页表单填写）：拼音或英文，小写，用连字符连接，如 zhengai-anli",
        examples=["zhengai-anli"],
    )

    _text = field_validator("title", "project", "summary", "cover", "name", mode="before")(_to_text)
    _lists = field_validator("authors", "tags", mode="before")(_to_text_list)
    _date = field_validator("date", mode="before")(parse_date)

    @field_validator("type", mode="before")
    @classmethod
    def _type_text(cls, value: Any) -> Any:
        return _to_text(value)

    @field_validator("date")
    @classmethod
    def _plausible_date(cls, value: dt.date) -> dt.date:
        if value < PROGRAMME_START:
            raise PydanticCustomError(
                "date_too_early", "日期 {found} 早于试点工作开始的 2017 年", {"found": value.isoformat()}
            )
        if value > dt.date.today():
            raise PydanticCustomError("date_future", "日期 {found} 还没有到", {"found": value.isoformat()})
        return value

    @field_validator("authors", "tags")
    @classmethod
    def _no_empty_items(cls, value: list[str]) -> list[str]:
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise PydanticCustomError("empty_item", "列表里有空的一项", {})
        return value


class FeaturedEntry(_Strict):
    """One typical case the bureau recommends (``featured.yml``; bureau-owned)."""

    id: str = Field(
        description="材料编号：学校编号/文件名（不含 .md），如 weisheng/2018-zhengai-baogao",
        examples=["weisheng/2018-zhengai-baogao"],
    )
    reason: SafeLine = Field(
        min_length=1,
        max_length=120,
        description="推荐语，120 字以内",
        examples=["以诊改主题为抓手，形成可复制的质量改进机制。"],
    )

    _text = field_validator("id", "reason", mode="before")(_to_text)


class OwnersFile(_Strict):
    """``owners.yml`` at the repository root (bureau-owned): who reviews what.

    ``.github/CODEOWNERS`` is generated from it and from the ``editors`` of every ``school.yml``
    (:mod:`showcase.check.ownership`).
    """

    bureau: list[str] = Field(
        default_factory=list,
        description="市教育局负责审核的 GitHub 账号，可以修改仓库里的任何文件",
        json_schema_extra={"items": {"pattern": r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$"}},
    )
    paths: list[str] = Field(
        min_length=1,
        description="市教育局负责的文件和文件夹（文件夹以 / 结尾），学校编辑不能修改",
        examples=[["owners.yml", "projects/"]],
    )

    _list = field_validator("bureau", mode="before")(_to_text_list)
    _accounts = field_validator("bureau")(_github_accounts)

    @field_validator("paths")
    @classmethod
    def _repository_paths(cls, value: list[str]) -> list[str]:
        for path in value:
            parts = path.rstrip("/").split("/")
            if (
                not path
                or path.startswith("/")
                or "\\" in path
                or any(p in ("", ".", "..") for p in parts)
                or any(c in path for c in "*?[] ")
            ):
                raise PydanticCustomError(
                    "invalid_value",
                    "“{found}”不是仓库里的路径；应写成 projects/ 或 featured.yml 这样的相对路径（文件夹以 / 结尾，不用通配符和空格）",
                    {"found": path},
                )
            if parts[0] == "schools":
                raise PydanticCustomError(
                    "invalid_value",
                    "“{found}”在 schools/ 里：各学校的文件夹由本校编辑负责（见 school.yml 的 editors），不能列为市教育局负责的路径",
                    {"found": path},
                )
        if "owners.yml" not in value:
            raise PydanticCustomError("invalid_value", "paths 里必须有 owners.yml：本文件只能由市教育局修改", {})
        return value


#: The kinds of bureau news, in display order.
NEWS_KINDS: tuple[str, ...] = ("通知公告", "会议纪要", "工作动态")

NewsKind = Literal["通知公告", "会议纪要", "工作动态"]


class NewsMeta(_Strict):
    """The front matter of a bureau news item (``news/<yyyy-mm-dd-name>.md``; bureau-owned)."""

    title: SafeLine = Field(min_length=1, max_length=80, description="标题", examples=["试点工作例会纪要"])
    date: dt.date = Field(description="发布日期，写成 2018-06-01", examples=["2018-06-01"])
    kind: NewsKind = Field(description="类别：" + " / ".join(NEWS_KINDS), examples=["会议纪要"])
    summary: SafeText = Field(
        min_length=1,
        max_length=200,
        description="摘要，一两句话，200 字以内",
        examples=["听取各试点学校工作进展，研究下一步安排。"],
    )

    _text = field_validator("title", "summary", "kind", mode="before")(_to_text)
    _date = field_validator("date", mode="before")(parse_date)

    @field_validator("date")
    @classmethod
    def _plausible_date(cls, value: dt.date) -> dt.date:
        return SubmissionMeta._plausible_date(value)


class AssessmentFile(_Strict):
    """``assessment.yml``: the pilot period, the years the progress pages count (bureau-owned).

    The notice (并教职〔2017〕1号) says "从2017年开始……用两年时间开展试点工作": 2017 and 2018.
    """

    first_year: int = Field(
        2017, ge=2017, le=2100, description="试点期的第一年（通知：从 2017 年开始）", examples=[2017]
    )
    last_year: int = Field(
        2018,
        ge=2017,
        le=2100,
        description="试点期的最后一年（通知：用两年时间，即到 2018 年）；延长试点时改这里",
        examples=[2018],
    )

    @field_validator("last_year")
    @classmethod
    def _after_first(cls, value: int, info: ValidationInfo) -> int:
        first = info.data.get("first_year")
        if first is not None and value < first:
            raise PydanticCustomError(
                "year_order", "试点结束年 {found} 早于试点起始年 {first}", {"found": value, "first": first}
            )
        if first is not None and value - first >= MAX_PILOT_YEARS:
            raise PydanticCustomError(
                "year_order",
                "试点期 {first}—{found} 年超过了 {limit} 年",
                {"found": value, "first": first, "limit": MAX_PILOT_YEARS},
            )
        return value


class CompilationFile(_Strict):
    """``compilation/compilation.yml``: the cover of the 典型案例汇编 (bureau-owned)."""

    title: SafeLine = Field(
        "典型案例汇编", min_length=1, max_length=40, description="汇编标题", examples=["典型案例汇编"]
    )
    subtitle: SafeLine = Field(
        "", max_length=80, description="副标题（可选）", examples=["太原市中等职业教育改革发展项目试点"]
    )
    issuer: SafeLine = Field("", max_length=40, description="编印单位（可选）", examples=["太原市教育局"])
    date: SafeLine = Field(
        "", max_length=20, description="编印日期，照印在封面上（可选），如 2019年6月", examples=["2019年6月"]
    )

    _text = field_validator("title", "subtitle", "issuer", "date", mode="before")(_to_text)

    @field_validator("subtitle", "issuer", "date", mode="before")
    @classmethod
    def _blank(cls, value: Any) -> Any:
        return "" if value is None else value


#: Bounds of ``synonyms.yml`` (the list is read by every search page: it stays small).
SYNONYM_GROUPS_MAX = 200
SYNONYM_TERMS_MAX = 10
SYNONYM_TERM_CHARS = 20


def _synonym_term(value: str) -> str:
    if not value or len(value) > SYNONYM_TERM_CHARS or any(c.isspace() for c in value):
        raise PydanticCustomError(
            "synonym_term",
            "同义词“{found}”不符合要求：每个词 1–{limit} 个字，不能有空格",
            {"found": value[:40], "limit": SYNONYM_TERM_CHARS},
        )
    return value


def _synonym_group(value: list[str]) -> list[str]:
    if not 2 <= len(value) <= SYNONYM_TERMS_MAX:
        raise PydanticCustomError(
            "synonym_group",
            "每组同义词要有 2–{limit} 个词，这一组有 {count} 个",
            {"limit": SYNONYM_TERMS_MAX, "count": len(value)},
        )
    return value


SynonymTerm = Annotated[SafeLine, AfterValidator(_synonym_term)]


class SynonymsFile(_Strict):
    """``synonyms.yml``: abbreviations and synonyms that find each other in the site's search
    (bureau-owned)."""

    groups: list[Annotated[list[SynonymTerm], AfterValidator(_synonym_group)]] = Field(
        default_factory=list,
        description="同义词组：每组一行，组内任何一个词都能搜到含有其他词的材料",
        examples=[["诊改", "诊断与改进"]],
    )

    @field_validator("groups")
    @classmethod
    def _bounded(cls, value: list) -> list:
        if len(value) > SYNONYM_GROUPS_MAX:
            raise PydanticCustomError(
                "synonym_groups",
                "同义词组太多：最多 {limit} 组，现在 {count} 组",
                {"limit": SYNONYM_GROUPS_MAX, "count": len(value)},
            )
        return value


#: The Git hosts whose API the web form (/admin/, Decap CMS) can write to.
CmsBackend = Literal["github", "gitea", "forgejo"]
CMS_BACKENDS: tuple[str, ...] = ("github", "gitea", "forgejo")
_REPO = re.compile(r"[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}")
_BRANCH = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./-]{0,99}")
_HOST = re.compile(
    r"[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*(:\d{1,5})?"
)


def _https_address(value: str | None) -> str | None:
    """An https address of a Git host (its web or API root): no user name, query or fragment."""
    if not value:
        return None
    _web_address(value)
    parts = urlsplit(value)
    if parts.scheme.lower() != "https":
        raise PydanticCustomError("invalid_url", "地址“{found}”要以 https:// 开头", {"found": value})
    if parts.query or parts.fragment:
        raise PydanticCustomError("invalid_url", "地址“{found}”里不能有 ? 或 # 之后的部分", {"found": value})
    # The host goes into /admin/'s Content-Security-Policy: a name and a port, nothing else.
    if not _HOST.fullmatch(parts.netloc) or not re.fullmatch(r"[A-Za-z0-9._~%/-]*", parts.path):
        raise PydanticCustomError(
            "invalid_url", "地址“{found}”里有不能出现在服务器地址中的字符（只能是域名、端口和路径）", {"found": value}
        )
    return value.rstrip("/")


class CmsFile(_Strict):
    """``cms.yml`` at the repository root (bureau-owned): where the web form (``/admin/``) saves."""

    backend: CmsBackend = Field(
        "github",
        description="代码托管平台：github、gitea 或 forgejo（自建的 Gitea/Forgejo 也可以）",
        examples=["github"],
    )
    repo: str = Field(
        "",
        description="仓库，写成“账号/仓库名”，如 taiyuan-jyj/showcase；留空时网页表单只能在本机使用",
        examples=["taiyuan-jyj/showcase"],
    )
    branch: str = Field(
        "main",
        description="网站所用的分支，拉取请求合并到这里；用 gitea 时表单直接保存到这个分支，请另设投稿分支（见投稿指南）",
        examples=["main"],
    )
    base_url: str | None = Field(
        None,
        description="Gitea/Forgejo：服务器地址，如 https://git.example.edu.cn；GitHub：登录服务（OAuth）的地址",
        examples=["https://git.example.edu.cn"],
    )
    api_root: str | None = Field(
        None,
        description="接口地址（可选）；不填时 GitHub 用 https://api.github.com，Gitea/Forgejo 用 服务器地址/api/v1",
        examples=["https://git.example.edu.cn/api/v1"],
    )
    app_id: str | None = Field(
        None,
        description="Gitea/Forgejo：在服务器上登记的 OAuth2 应用的客户端 ID（Client ID）",
        examples=["0b6a3c1e-8f0d-4d7b-9a59-3c2f7a1d2e45"],
    )

    _text = field_validator("backend", "repo", "branch", "base_url", "api_root", "app_id", mode="before")(_to_text)
    _addresses = field_validator("base_url", "api_root")(_https_address)

    @field_validator("repo")
    @classmethod
    def _repo(cls, value: str) -> str:
        if value and (not _REPO.fullmatch(value) or ".." in value):
            raise PydanticCustomError(
                "invalid_value", "仓库“{found}”应写成“账号/仓库名”，如 taiyuan-jyj/showcase", {"found": value}
            )
        return value

    @field_validator("branch")
    @classmethod
    def _branch(cls, value: str) -> str:
        if not _BRANCH.fullmatch(value) or ".." in value or value.endswith((".", "/", ".lock")):
            raise PydanticCustomError(
                "invalid_value", "分支名“{found}”不对：只能用英文字母、数字和 - _ . /", {"found": value}
            )
        return value

    @field_validator("app_id")
    @classmethod
    def _app_id(cls, value: str | None) -> str | None:
        if value and not re.fullmatch(r"[A-Za-z0-9_-]{1,100}", value):
            raise PydanticCustomError(
                "invalid_value", "客户端 ID“{found}”只能有英文字母、数字、- 和 _", {"found": value}
            )
        return value or None

    @model_validator(mode="after")
    def _sign_in(self) -> CmsFile:
        """Where people sign in: Gitea/Forgejo's own server (with the form's OAuth2 client ID),
        or for GitHub an OAuth login service (GitHub's API cannot sign a browser in alone)."""
        if not self.repo:
            return self
        if self.backend == "github" and not self.base_url:
            raise PydanticCustomError(
                "cms_incomplete", "用 github 时必须填写 base_url（登录服务的地址，老师在那里用 GitHub 账号登录）", {}
            )
        if self.backend in ("gitea", "forgejo"):
            missing = [key for key in ("base_url", "app_id") if not getattr(self, key)]
            if missing:
                raise PydanticCustomError(
                    "cms_incomplete",
                    "用 {backend} 时必须填写 {missing}（服务器地址和 OAuth2 应用的客户端 ID）",
                    {"backend": self.backend, "missing": "、".join(missing)},
                )
        return self

    def api_url(self) -> str:
        """The API root the browser calls."""
        if self.api_root:
            return self.api_root
        if self.backend == "github":
            return "https://api.github.com"
        return f"{self.base_url}/api/v1"


#: How each registration number and contact of ``site.yml`` is written, with what the bureau is
#: told when a value does not look like one (a typo caught before it reaches every page).
SITE_FORMATS: dict[str, tuple[re.Pattern[str], str]] = {
    "postcode": (re.compile(r"^[0-9]{6}$"), "邮政编码是 6 位数字，如 030000"),
    "phone": (
        re.compile(r"^[0-9][0-9 ()（）\-]{4,29}(转[0-9]{1,6})?$"),
        "电话写成 区号-号码，如 0351-1234567；有分机时写成 0351-1234567转123",
    ),
    "email": (
        re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"),
        "如 office@example.gov.cn",
    ),
    "icp": (
        re.compile(r"^[\u4e00-\u9fff]ICP备[0-9]{6,10}号(-[0-9]{1,3})?$"),
        "照备案通知抄写，如 晋ICP备12345678号-1（省份简称、ICP备、数字、号）",
    ),
    "police": (
        re.compile(r"^[\u4e00-\u9fff]公网安备 ?[0-9]{14}号$"),
        "照公安机关的备案通知抄写，如 晋公网安备 14010502000000号（14 位数字）",
    ),
    "site_code": (re.compile(r"^[0-9A-Za-z]{10}$"), "网站标识码是 10 位数字或字母，照政府网站信息报送系统分配的抄写"),
}


class SiteFile(_Strict):
    """``site.yml``: who runs the site and how to reach them, shown at the foot of every page
    (bureau-owned).  Every value may be left empty: an empty value is not shown."""

    host: SafeLine = Field("", max_length=40, description="主办单位", examples=["太原市教育局"])
    operator: SafeLine = Field(
        "", max_length=40, description="承办单位（负责网站日常维护的单位）", examples=["太原市教育局"]
    )
    address: SafeLine = Field("", max_length=80, description="通信地址", examples=["太原市……路……号"])
    postcode: str = Field("", description="邮政编码（6 位数字）", examples=["030000"])
    phone: str = Field("", description="联系电话", examples=["0351-1234567"])
    email: str = Field("", description="电子邮箱", examples=["office@example.gov.cn"])
    icp: str = Field("", description="ICP 备案号", examples=["晋ICP备12345678号-1"])
    police: str = Field("", description="公安机关备案号", examples=["晋公网安备 14010502000000号"])
    site_code: str = Field("", description="政府网站标识码（10 位）", examples=["1401000000"])

    @field_validator("*", mode="before")
    @classmethod
    def _blank(cls, value: Any) -> Any:
        return "" if value is None else _to_text(value)

    @field_validator(*SITE_FORMATS)
    @classmethod
    def _format(cls, value: str, info: Any) -> str:
        pattern, hint = SITE_FORMATS[info.field_name]
        if value and not pattern.match(value):
            raise PydanticCustomError("site_format", "写法不对：{found}", {"found": value[:40], "hint": hint})
        return value


# --- turning pydantic errors into Chinese problems -------------------------------------------

_FIELD_NAMES = {
    "title": "标题",
    "project": "试点项目",
    "type": "材料类型",
    "date": "日期",
    "summary": "摘要",
    "authors": "作者",
    "tags": "关键词",
    "cover": "封面图片",
    "order": "序号",
    "name": "名称",
    "schools": "试点学校",
    "contents": "试点内容",
    "district": "所在县（市、区）",
    "website": "网站",
    "editors": "编辑账号",
    "id": "材料编号",
    "reason": "推荐语",
    "bureau": "市教育局账号",
    "paths": "市教育局负责的文件",
    "required_each_year": "每年必交材料",
    "kind": "类别",
    "first_year": "试点起始年",
    "last_year": "试点结束年",
    "subtitle": "副标题",
    "issuer": "编印单位",
    "groups": "同义词组",
    "backend": "代码托管平台",
    "repo": "仓库",
    "branch": "分支",
    "base_url": "服务器地址",
    "api_root": "接口地址",
    "app_id": "客户端 ID",
    "host": "主办单位",
    "operator": "承办单位",
    "address": "通信地址",
    "postcode": "邮政编码",
    "phone": "联系电话",
    "email": "电子邮箱",
    "icp": "ICP 备案号",
    "police": "公安备案号",
    "site_code": "网站标识码",
}


def _describe(value: Any) -> str:
    """A value as a non-programmer sees it (never a Python type)."""
    if value is None or value == "":
        return "空白"
    if isinstance(value, bool):
        return f"“{'是' if value else '否'}”（true/false）"
    if isinstance(value, list):
        return f"一个列表（{len(value)} 项）"
    if isinstance(value, dict):
        return "几个子字段"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    text = str(value)
    return f"“{text if len(text) <= 40 else text[:40] + '…'}”"


def _example(model: type[BaseModel], key: str) -> str:
    info = model.model_fields[key]
    if info.examples:
        example = info.examples[0]
        if isinstance(example, list):
            return f"{key}: [{', '.join(example)}]"
        return f"{key}: {example}"
    return f"{key}: …"


def validate(
    model: type[BaseModel], doc: YamlDoc, rel_path: str, problems: Problems, what: str = "文件头"
) -> BaseModel | None:
    """Validate a parsed YAML mapping against ``model``; report every error, return None on error."""
    data = doc.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.error(
            rel_path,
            doc.line(()),
            what,
            f"{what}应该是若干“字段名: 值”行，实际是{_describe(data)}",
            "请对照模板，每行写一个“字段名: 值”",
            code="not-a-mapping",
        )
        return None
    known = list(model.model_fields)
    for key in list(data):
        if not isinstance(key, str):
            problems.error(
                rel_path,
                doc.key_lines.get(str(key), doc.line(())),
                str(key),
                f"字段名“{key}”应该是英文单词",
                f"可用的字段：{', '.join(known)}",
                code="unknown-key",
            )
    # A key written in Chinese (标题: …) is reported once, as a misspelled key, not a second time
    # as the missing key it stands for.
    meant = {CHINESE_KEYS[k] for k in data if isinstance(k, str) and k in CHINESE_KEYS}
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            if error["type"] == "missing" and error["loc"] and error["loc"][0] in meant:
                continue
            _report(model, error, doc, data, rel_path, problems, known)
        return None


def _report(
    model: type[BaseModel], error: Any, doc: YamlDoc, data: dict, rel_path: str, problems: Problems, known: list[str]
) -> None:
    loc = tuple(error["loc"])
    key = str(loc[0]) if loc else what_field(model)
    field_label = key if len(loc) <= 1 else f"{key}[{loc[1] + 1 if isinstance(loc[1], int) else loc[1]}]"
    kind = error["type"]
    found = error.get("input")
    name = _FIELD_NAMES.get(key, key)
    line = doc.line(loc)

    if kind == "missing":
        info = model.model_fields.get(key)
        problems.error(
            rel_path,
            doc.line(()),
            key,
            f"缺少必填字段“{key}”（{name}）",
            f"请在文件头加一行 {_example(model, key)}"
            + (f"（{info.description}）" if info and info.description else ""),
            code="missing-key",
        )
        return
    if kind == "extra_forbidden":
        line = doc.key_lines.get(key, line)
        english = CHINESE_KEYS.get(key)
        renamed = RENAMED_KEYS.get(key)
        if english and english in known:
            hint = f"字段名要用英文：把“{key}”改成“{english}”"
        elif renamed and renamed[0] in known:
            hint = renamed[1]
        else:
            stripped = key.rstrip("：:").strip()
            hint = did_you_mean(stripped, known) or f"可用的字段有：{', '.join(known)}"
            if stripped != key and stripped in known:
                hint = f"字段名后面的冒号要用英文半角“: ”：把“{key}”改成“{stripped}”"
        problems.error(rel_path, line, key, f"不认识的字段“{key}”，这一项不会被使用", hint, code="unknown-key")
        return
    if kind == "literal_error":
        allowed = {"type": SUBMISSION_TYPES, "required_each_year": SUBMISSION_TYPES, "kind": NEWS_KINDS}.get(key)
        choices = " / ".join(allowed) if allowed else error.get("ctx", {}).get("expected", "")
        guess = did_you_mean(found, allowed) if allowed else ""
        problems.error(
            rel_path,
            line,
            key,
            f"{name}不能是{_describe(found)}；只能是以下之一：{choices}",
            guess or "请从上面的类型中选一个照抄",
            code="invalid-choice",
        )
        return
    if kind.startswith("date_"):
        hint = {
            "date_format": "也可以写成 2018年6月1日 或 2018/6/1",
            "date_impossible": "请核对日期",
            "date_too_early": "请填写材料形成的日期（2017 年及以后）",
            "date_future": "请填写材料形成的日期，不能晚于今天",
        }.get(kind, "请写成 2018-06-01")
        message = (
            error["msg"]
            if re.search(r"[\u4e00-\u9fff]", error["msg"])
            else f"日期{_describe(found)}看不懂；应写成 2018-06-01 这样的“年-月-日”"
        )
        problems.error(rel_path, line, key, message, hint, code="invalid-date")
        return
    if kind in ("string_too_short", "too_short"):
        if kind == "too_short" and isinstance(found, list):
            message = f"{name}至少要有一项，现在是空的"
        else:
            message = f"{name}不能为空"
        problems.error(rel_path, line, key, message, f"请填写：{_example(model, key)}", code="empty-value")
        return
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        problems.error(
            rel_path,
            line,
            key,
            f"{name}太长：最多 {limit} 字，现在 {len(str(found))} 字",
            f"请精简到 {limit} 字以内",
            code="too-long",
        )
        return
    if kind in ("string_type", "list_type", "int_type", "int_parsing", "date_type"):
        expected = {
            "string_type": "一段文字",
            "list_type": "一个列表，如 [甲, 乙]",
            "int_type": "一个整数",
            "int_parsing": "一个整数",
            "date_type": "一个日期，如 2018-06-01",
        }[kind]
        if found is None:
            message = f"{name}是空的；应为{expected}"
            hint = f"请填写：{_example(model, key)}"
            code = "empty-value"
        else:
            message = f"{name}应为{expected}，实际是{_describe(found)}"
            hint = (
                "文字里有英文冒号、# 号或以引号、方括号开头时，请给整个值加上英文引号"
                if kind == "string_type"
                else f"请照这样写：{_example(model, key)}"
            )
            code = "wrong-kind"
        problems.error(rel_path, line, field_label, message, hint, code=code)
        return
    if kind == "year_order":
        problems.error(
            rel_path,
            line,
            key,
            error["msg"],
            "请把 last_year 改为不早于 first_year 的年份（通知规定的试点期是 2017—2018 年）",
            code="invalid-year",
        )
        return
    if kind == "string_pattern_mismatch" and key == "name" and model is SubmissionMeta:
        problems.error(
            rel_path,
            line,
            key,
            f"短名{_describe(found)}只能有小写英文字母、数字和连字符（-）",
            "请用拼音或英文，如 name: zhengai-anli",
            code="invalid-value",
        )
        return
    if kind == "string_pattern_mismatch" and key == "website":
        problems.error(
            rel_path,
            line,
            key,
            f"网站地址{_describe(found)}不完整",
            "请写完整的地址，以 http:// 或 https:// 开头；未核实就留空",
            code="invalid-url",
        )
        return
    if kind == "invalid_url":
        hint = (
            "请写代码托管平台服务器的完整地址，如 https://git.example.edu.cn"
            if model is CmsFile
            else "请写学校网站首页的完整地址，如 https://www.example.edu.cn/；未核实就留空"
        )
        problems.error(rel_path, line, key, error["msg"], hint, code="invalid-url")
        return
    if kind == "unsafe_char":
        ctx = error.get("ctx", {})
        if ctx.get("control"):
            message = f"{name}里有一个看不见的控制字符（{ctx.get('char')}）"
            hint = "请删除它（常见于从网页、PDF 或 Word 复制的文字，或写成了 \\u 转义）"
        else:
            message = f"{name}里不能有英文符号 {ctx.get('char')}：网页、订阅源和导出的表格无法都安全地显示它"
            hint = "请改用中文书名号《》、全角＜＞＆或中文引号“”"
        problems.error(rel_path, line, field_label, message, hint, code="unsafe-char")
        return
    if kind == "site_format":
        ctx = error.get("ctx", {})
        problems.error(
            rel_path, line, key, f"{name}的写法不对：“{ctx.get('found')}”", ctx.get("hint", ""), code="invalid-value"
        )
        return
    if kind == "invalid_key":
        return  # a key that is not text: reported by validate() with its line
    if kind in (
        "int_from_float",
        "int_parsing_size",
        "float_type",
        "float_parsing",
        "bool_type",
        "bool_parsing",
        "dict_type",
        "model_type",
    ):
        problems.error(
            rel_path,
            line,
            field_label,
            f"{name}的写法不对，实际是{_describe(found)}",
            f"请照这样写：{_example(model, key)}",
            code="wrong-kind",
        )
        return
    if kind.startswith("date") or kind.startswith("datetime"):
        problems.error(
            rel_path,
            line,
            key,
            f"日期{_describe(found)}看不懂；应写成 2018-06-01 这样的“年-月-日”",
            "也可以写成 2018年6月1日 或 2018/6/1",
            code="invalid-date",
        )
        return
    if kind in ("greater_than_equal",):
        problems.error(
            rel_path,
            line,
            key,
            f"{name}应不小于 {error['ctx']['ge']}，实际是{_describe(found)}",
            "请改正",
            code="invalid-value",
        )
        return
    # Our own validators already speak Chinese; anything else is said in Chinese in general terms
    # (pydantic's own messages are English) rather than being dropped.
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    if not re.search(r"[\u4e00-\u9fff]", message):
        message = f"{name}的值{_describe(found)}不符合要求"
    code = "github-account" if kind == "github_account" else "invalid-value"
    problems.error(rel_path, line, field_label, message, f"请对照模板检查{name}", code=code)


def what_field(model: type[BaseModel]) -> str:
    return "文件头" if model is SubmissionMeta else "文件"


def is_valid_id(value: str) -> bool:
    """Ids used in URLs: lowercase ASCII letters and digits, separated by single hyphens."""
    return bool(_ID_RE.match(value))


def suggest_id(text: str) -> str:
    """A URL-safe id suggestion from a file stem (lowercase, hyphens; non-ASCII dropped)."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return re.sub(r"-{2,}", "-", text)
