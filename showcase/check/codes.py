"""Every problem code, explained for the contributor guide (``guide/errors/#<code>``).

A test checks that every code the checks can emit is explained here, so that no message a
school receives is without its explanation.
"""

from __future__ import annotations

#: code → (title, explanation and fix), grouped by the part of the file they concern.
CODES: dict[str, dict[str, tuple[str, str]]] = {
    "文件与文件夹": {
        "missing-folder": ("缺少文件夹", "仓库里缺少 projects 或 schools 文件夹。请从主仓库恢复，不要删除它们。"),
        "misplaced-file": (
            "文件放错了位置",
            "材料（.md 文件）要直接放在 `schools/<本校编号>/` 下；图片放在其中的 `images/` 子文件夹；不要把文件直接放在 `schools/` 下。",
        ),
        "unexpected-file": (
            "多余的文件",
            "projects 文件夹只放项目的 `.yml` 文件；学校文件夹里的信息文件只能叫 `school.yml`。",
        ),
        "unsupported-file": (
            "不支持的文件类型",
            "网站只发布 Markdown 材料（.md）、图片（.jpg/.png/.webp）和附件（.pdf/.docx/.xlsx/.pptx）。Word 文档请先把内容整理成 .md 文件，原件可以作为附件。",
        ),
        "file-name": (
            "文件名不能用在网址里",
            "文件名会成为网址的一部分，只能用英文字母、数字和连字符，建议“年份 + 拼音”，如 `2018-zhengai-baogao.md`、`images/shixunshi.jpg`。改名后记得修改引用它的地方。",
        ),
        "invalid-id": (
            "编号格式不对",
            "学校和项目的编号只能用小写英文字母、数字和连字符，如 `weisheng`、`key-majors`。",
        ),
        "missing-school-file": (
            "缺少 school.yml",
            "每个学校文件夹都要有一个 `school.yml`，写明学校名称等信息。可以从其他学校的文件夹复制一份再修改。",
        ),
        "unknown-school": (
            "学校不存在",
            "学校编号必须是 `schools/` 下已有的文件夹名，且该文件夹里的 `school.yml` 没有错误。",
        ),
        "encoding": (
            "文件编码不是 UTF-8",
            "Windows 记事本或旧版 Word 常把文件存成 GBK 编码，网站无法正确读取。请在编辑器里选择“另存为 UTF-8”，或运行 `python build.py fix`（会先列出要改的文件并征求同意，不会丢失任何字符）。",
        ),
        "file-too-large": (
            "文件太大",
            "文本文件（.md、.yml）不能超过 1 MB（约 30 万字，足够十篇长报告），超过的不会被读取；图片和附件不能超过 10 MB。照片请先缩小（另存为宽约 1600 像素的 JPG 即可，网站还会自动压缩）；大型文档请压缩或拆分。",
        ),
        "not-regular-file": (
            "不是普通文件",
            "网站只读取普通的文件和文件夹。符号链接（快捷方式）不会被跟随：它可能指向仓库以外的文件（如服务器上的密码文件），请把链接换成文件本身；管道、套接字和设备文件请删除。",
        ),
        "unreadable-file": (
            "无法读取的文件",
            "检查程序没有读取这个文件或文件夹的权限，或者它已损坏。请检查文件权限，或重新复制一份。",
        ),
        "reserved-name": (
            "文件名被网站占用",
            "`index.md` 是网站自动生成的学校主页（或新闻列表页）的名字，材料和新闻不能用它。请改用“年份加拼音”的名字，如 `2018-xuexiao-jieshao.md`。",
        ),
        "demo-shadowed": (
            "示例文件被学校的文件覆盖（提醒）",
            "本地预览时，`demo/` 里的示例文件如果与学校自己的文件同名（网址相同），只显示学校的文件。这不影响正式发布，无需处理。",
        ),
        "control-char": (
            "看不见的控制字符",
            "文字里有看不见的控制字符（如从网页、PDF 或 Word 复制时带来的换页符、垂直制表符、行分隔符 U+2028，或改变文字显示方向的 U+202A–U+202E、U+2066–U+2069）。它们会让订阅源（feed.xml）等文件出错，或让文字显示得与实际内容不同。请按报告的行和列删除；编辑器的“显示不可见字符”功能可以帮助查找。",
        ),
        "line-too-long": (
            "一行太长",
            "每行不能超过 2 万个字符。Markdown 里空一行才是新段落，单个换行不影响显示，所以请在句子之间换行。",
        ),
    },
    "文件头（front matter）": {
        "missing-front-matter": (
            "缺少文件头",
            "材料的第一行必须是三个英文减号 `---`，接着是 `title:`、`project:` 等字段，再以一行 `---` 结束。请参照模板 `templates/submission.md`，或用 `python build.py new` 生成。",
        ),
        "unclosed-front-matter": ("文件头没有结束", "文件头的最后要单独写一行 `---`，之后才是正文。"),
        "yaml-syntax": (
            "文件头格式错误",
            '文件头每行写“字段名: 值”。值里有英文冒号加空格、`#` 号，或以引号、方括号开头时，要给整个值加英文引号，如 `title: "标题：副标题"`。',
        ),
        "yaml-tab": ("用了 Tab 缩进", "文件头不能用 Tab 键缩进，请改用空格。"),
        "fullwidth-colon": ("用了中文冒号", "字段名后面要用英文半角冒号 `:`，后面再加一个空格，如 `title: 标题`。"),
        "colon-space": ("冒号后缺少空格", "英文冒号后面必须有一个空格，如 `date: 2018-06-01`。"),
        "duplicate-key": ("字段重复", "同一个字段在文件头里只能出现一次，请删除或合并重复的行。"),
        "yaml-anchor": (
            "用了 YAML 锚点或别名",
            "文件头里不能用 YAML 的锚点 `&名字` 和别名 `*名字`：它们可以让很短的文件展开成巨大的内容。请把内容直接写出来；如果 & 或 * 是文字的一部分，请给整个值加上英文引号。",
        ),
        "yaml-tag": (
            "用了 YAML 类型标签",
            "文件头里不能用以 `!` 开头的 YAML 类型标签（如 `!!int`、`!!binary`）。请删除标签；如果 ! 是文字的一部分，请给整个值加上英文引号。",
        ),
        "yaml-key": ("字段名不是文字", "字段名只能是文字，如 `title`，不能是列表 `[…]` 或子字段 `{…}`。"),
        "yaml-depth": (
            "层次太深",
            "文件头里的列表和子字段最多嵌套 20 层（文件头本身只需要一两层）。请对照模板检查缩进和方括号、花括号是否配对。",
        ),
        "number-too-long": ("数字太长", "文件头里的数字最多 20 位。如果这是编号之类的文字，请给它加上英文引号。"),
        "unknown-key": (
            "不认识的字段",
            "字段名要用英文，且只能是模板里的那几个（title、project、type、date、summary、authors、tags、cover）。拼错的字段不会被使用，所以会报错。",
        ),
        "missing-key": (
            "缺少必填字段",
            "title、project、type、date、summary、authors 都必须填写。各字段的写法见“文件头字段”页。",
        ),
        "empty-value": ("字段是空的", "必填字段不能留空；列表至少要有一项，如 `authors: [张三]`。"),
        "wrong-kind": (
            "值的类型不对",
            "例如标题应是一段文字，作者应是列表。文字里有英文冒号或以方括号开头时，请给整个值加英文引号。",
        ),
        "too-long": ("内容太长", "标题最多 80 字（建议 30 字以内），摘要最多 200 字，推荐语最多 120 字。"),
        "invalid-choice": ("不在可选范围内", "材料类型只能是：典型案例、经验总结、工作方案、诊改报告、进展报告。"),
        "invalid-date": (
            "日期不对",
            "日期写成 `2018-06-01`（也接受 2018年6月1日、2018/6/1、2018.6.1）；日期必须真实存在，不能早于 2017 年，也不能晚于今天。",
        ),
        "invalid-url": (
            "网址不完整",
            "网址要以 `http://` 或 `https://` 开头，写完整的网站地址，不能带用户名或密码；未核实的信息请留空。",
        ),
        "unsafe-char": (
            "有不能显示的字符",
            '标题、校名、所在区县、作者、关键词、项目名称、推荐语等显示在一行里的文字，不能有英文的 `<`、`>`、`&`、`"`，摘要不能有 `<`、`>`；这些文字都不能有看不见的控制字符。请改用中文书名号《》、全角＜＞＆或中文引号“”。',
        ),
        "invalid-value": ("值不符合要求", "请对照模板和“文件头字段”页检查这一项。"),
        "name-mismatch": (
            "短名与文件名不一致",
            "网页表单把材料保存为“年份-短名.md”，并在文件头记下短名 `name`。文件改名后请同时修改 `name`，或删去这一行。",
        ),
        "github-account": ("GitHub 账号名不对", "editors 里写 GitHub 账号名（英文字母、数字和连字符），不是姓名。"),
        "not-a-mapping": ("文件格式不对", "文件应由若干“字段名: 值”行组成。"),
        "not-a-list": ("列表格式不对", "推荐列表的每一项以 `- id: …` 开头，下一行缩进写 `reason: …`。"),
        "unknown-project": (
            "试点项目编号不存在",
            "`project` 要写项目编号（如 `teaching-diagnosis`），不是项目名称。各项目编号见投稿指南。",
        ),
        "not-piloted": (
            "本校不承担该项目",
            "依据《并教职〔2017〕1号》，每所学校只承担部分试点项目；`project` 只能是本校承担的项目之一。",
        ),
        "duplicate-title": ("标题重复", "全站每篇材料的标题必须不同，请修改其中一篇的标题，或删除重复提交的文件。"),
    },
    "正文": {
        "empty-body": ("正文是空的", "文件头之后要有正文。建议按“实施背景、主要做法、取得成效、经验与反思”组织。"),
        "template-body": (
            "正文还是模板",
            "`python build.py new` 生成的文件只有小标题和写作提示（`<!-- 写作提示 -->`），还没有写正文。请在每个小标题下写上自己的内容；写作提示在网页上不显示，写好后可以删除。",
        ),
        "template-text": ("模板说明文字未删除", "模板里括号中的写作提示（如“（为什么做：……）”）要换成你自己的内容。"),
        "nesting-too-deep": (
            "嵌套太深",
            "列表、引用（行首的 `>`）和 HTML 标签最多嵌套 20 层；一般的材料用不到三四层。层次更多时，网站无法安全地转换这篇材料。请减少缩进或行首的符号，或改用小标题分节；写了 HTML 时，请检查每个标签是否都有结束标签。",
        ),
        "markup-too-complex": (
            "括号太多且没有配对",
            "正文里大量没有配对的方括号 `[`、圆括号 `(` 或尖括号 `<` 会让转换网页的程序反复查找配对的括号，耗时成倍增长。请检查报告的位置附近的括号是否成对；要显示括号本身，请改用全角的［］（）＜＞。",
        ),
        "body-h1": ("正文里有一级标题（提醒）", "网页标题来自文件头的 title，正文请从二级标题 `## ` 开始。"),
        "raw-html": (
            "不允许的 HTML",
            "为了读者安全，材料中不能嵌入脚本、外部页面（iframe）、样式、表单，也不能写 onclick 等事件属性。视频、问卷等请写成普通链接。",
        ),
        "sanitized": (
            "内容无法安全显示，已被去掉",
            "网站把每篇材料转换成网页后，还会用“允许清单”再检查一遍：只保留标题、段落、列表、表格、图片、链接、脚注和代码，去掉脚本、事件属性（on…）、style、自定义 class 和以 __、md-、sc- 开头的 id，链接只保留 http、https、mailto 和站内相对路径。材料里有被去掉的内容时，检查会在这一行报错，以免网页与你写的不一致。请删除这段 HTML，改用 Markdown 写法。",
        ),
        "unsafe-url": (
            "不安全的链接地址",
            "链接和图片地址不能以 `javascript:`、`data:` 开头。链接请写 https:// 网址或站内相对路径。",
        ),
        "personal-id": (
            "身份证号码",
            "公开网站不能刊登身份证号码（18 位和旧式 15 位，全角数字或中间有空格的也算）。请删除；确需保留时遮盖中间部分，如 `140102********1234`。正文、文件头、图片说明、文件名和附件都会检查。",
        ),
        "personal-phone": (
            "手机号码",
            "公开网站不能刊登个人手机号码（带 +86、全角数字或用空格、横线、点分隔的也算）。请删除，或遮盖中间四位，如 `138****1234`。",
        ),
        "personal-email": (
            "电子邮箱",
            "公开网站不能刊登个人电子邮箱（写成 `＠`、`[at]`、`&#64;` 的也算）。请删除，或遮盖为 `z***@example.com`。",
        ),
        "space-in-link": (
            "地址里有空格",
            "网址里不能有空格（写成 `%20` 也不行）：文件名只用英文字母、数字和连字符。请把文件改名，如 `shixun 1.jpg` 改为 `shixun-1.jpg`，再照新名字修改图片或链接的地址。",
        ),
        "broken-link": (
            "链接指向的页面不存在",
            "站内链接请写相对本文件的路径，如 `../weisheng/2018-zhengai-baogao.md`；链接到其他网站请写完整的 https:// 网址。",
        ),
        "absolute-link": (
            "链接以 / 开头",
            "以 `/` 开头的链接在网站放在子目录或内网时会失效，请改成相对路径或完整网址。",
        ),
    },
    "图片": {
        "image-alt": (
            "图片缺少说明文字",
            "每张图片都要有说明文字（写在方括号里），如 `![实训室布局](images/shixunshi.jpg)`，供看不见图片的读者和读屏软件使用。",
        ),
        "missing-image": (
            "找不到图片",
            "图片路径相对于材料文件，如 `images/photo.jpg`；请检查文件名（包括大小写和扩展名）和所在文件夹。",
        ),
        "image-outside": (
            "图片不在本校文件夹",
            "只能使用本校文件夹里的图片。请把图片复制到 `schools/<本校编号>/images/`。",
        ),
        "external-image": (
            "引用了其他网站的图片",
            "网站不从其他网站加载任何内容（读者在内网也能打开）。请在确认有权使用后，把图片下载到本校的 images 文件夹。",
        ),
        "image-format": (
            "图片格式不支持",
            "请使用 JPG、PNG 或 WebP。苹果手机的 HEIC 照片、GIF、BMP、TIFF 请先另存为 JPG 或 PNG。",
        ),
        "svg-refused": (
            "不发布 SVG 图片",
            "SVG 文件本身是一种文档，读者单独打开它时，里面的代码会在本网站的名义下运行；逐个检查无法保证安全，所以网站不发布学校和新闻中的 SVG 图片。请在绘图软件或 WPS 中把图“导出为图片”（PNG），再修改引用它的地方。",
        ),
        "image-too-large": (
            "图片像素太多",
            "图片最多 6000 万像素（如 9000 × 6600）。网站上的图片最宽 1600 像素，更大的图片只会拖慢检查和发布。请先缩小再上传；像素数从图片文件头读取，不必打开图片。",
        ),
    },
    "附件": {
        "attachment-format": (
            "附件格式不支持",
            "附件只能是 PDF、.docx、.xlsx 或 .pptx。旧版 Office 格式（.doc/.xls/.ppt）无法检查其中的个人信息，请用 Word/WPS/Excel/PowerPoint“另存为”新格式或导出为 PDF；扩展名与内容不符的文件（如改了扩展名的网页）也不能发布。",
        ),
        "attachment-unreadable": (
            "附件无法检查",
            "网站会读取附件里的全部文字，检查身份证号、手机号和电子邮箱。设置了密码（加密）、已损坏、解压后异常巨大或过于复杂的附件无法检查，因此不能发布。请去掉密码，重新“另存为”或“导出为 PDF”，必要时拆分成较小的文件。",
        ),
        "attachment-unsafe": (
            "附件含有不安全的内容",
            "附件里不能有宏、脚本（如 PDF 中的 JavaScript）、打开时从外部网址加载的模板或对象，也不能嵌入其他文件。请从原文档重新另存或“导出为 PDF”（普通导出不含这些内容）。",
        ),
        "attachment-unlinked": (
            "附件没有被链接",
            "每个附件都要在某篇材料里有链接，如 `[附件：实施方案](files/shishi-fangan.pdf)`。没有链接的附件也会发布在网站上，却没有页面指向它，审核时也看不到，所以要么加上链接，要么删除。",
        ),
        "attachment-unchecked": (
            "附件无法自动检查（提醒）",
            "扫描件或图片做成的 PDF 里没有可读取的文字，网站无法自动发现其中的个人信息。请逐页人工核对，有个人信息时先遮盖再扫描。",
        ),
    },
    "推荐列表与项目文件（市教育局）": {
        "unknown-featured": (
            "推荐的材料不存在",
            "featured.yml 里的编号写成“学校编号/文件名”（不带 .md），且该材料已通过检查。",
        ),
        "featured-waiting": (
            "推荐的材料暂不能发布（提醒）",
            "推荐列表里的这篇材料（或它所在学校的 school.yml）还有错误，错误列在那个文件下。推荐列表无需修改：学校修正后，材料会自动列入典型案例。",
        ),
        "duplicate-featured": ("重复推荐", "同一篇材料只能在推荐列表中出现一次。"),
        "duplicate-order": ("项目序号重复", "每个项目的 order 必须不同。"),
        "duplicate-school": ("学校重复", "同一项目的 schools 列表中，每所学校只写一次。"),
        "duplicate-news": (
            "新闻文件重名",
            "news/ 与示例的 demo/news/ 里有同名文件，网址会冲突。请给其中一个文件改名。",
        ),
        "duplicate-synonym": (
            "同义词重复",
            "synonyms.yml 里一个词只能属于一组同义词；要让几个词互相能搜到，请把它们写在同一组里。",
        ),
        "invalid-year": (
            "试点期不对",
            "assessment.yml 里 first_year（试点期的第一年）不早于 2017，last_year（最后一年）不早于 first_year，试点期不超过 20 年；"
            "两项都不写时是通知规定的 2017—2018 年。",
        ),
    },
    "分工与生成的文件（市教育局）": {
        "missing-owners": (
            "缺少 owners.yml",
            "仓库根目录的 `owners.yml` 写明市教育局的审核账号和市教育局负责的文件，`.github/CODEOWNERS` 由它生成。请从主仓库恢复。",
        ),
        "codeowners-drift": (
            "CODEOWNERS 需要重新生成",
            "`.github/CODEOWNERS` 由 `owners.yml` 和各校 `school.yml` 的 `editors` 生成，二者改动后要运行 `python build.py owners` 重新生成并一起提交。学校编辑没有修改 `.github/` 的权限，请联系市教育局。",
        ),
        "cms-drift": (
            "网页表单的服务器设置需要重新生成",
            "`deploy/nginx/snippets/showcase-admin-csp.conf` 由 `cms.yml` 生成，决定网页表单 `/admin/` 能连接哪个代码托管平台。修改 `cms.yml` 后，请运行 `python build.py cms-policy` 并一起提交，再把它复制到服务器。",
        ),
        "schema-drift": (
            "JSON Schema 需要重新生成",
            "`schema/` 里的文件由 `showcase/load/schema.py` 生成，供编辑器提示字段。修改字段定义或试点项目后，请运行 `python build.py schema` 并一起提交。",
        ),
        "owners-unset": (
            "尚未填写市教育局账号（提醒）",
            "`owners.yml` 的 `bureau` 为空时，不检查拉取请求修改了哪些文件。市教育局确定审核账号后，请写入 `bureau` 并运行 `python build.py owners`。",
        ),
        "unknown-author": (
            "账号没有修改权限",
            "只有市教育局账号和各校 `school.yml` 的 `editors` 中列出的账号可以提交修改。请本校已有的编辑或市教育局把你的 GitHub 账号加入本校的 `editors`，再由市教育局运行 `python build.py owners`。",
        ),
        "other-school-folder": (
            "修改了其他学校的文件夹",
            "学校编辑只能修改本校文件夹 `schools/<本校编号>/` 里的文件。请从拉取请求中撤销对其他学校文件的修改；需要修改时请联系该校的编辑。",
        ),
        "bureau-owned": (
            "修改了市教育局负责的文件",
            "`schools/` 以外的文件（如 `featured.yml`、`projects/`、`content/`、`owners.yml`、`.github/`）由市教育局负责，学校编辑不能修改。请撤销这些修改；需要调整时请在议题（issue）中说明。",
        ),
    },
}


def all_codes() -> dict[str, tuple[str, str]]:
    return {code: entry for group in CODES.values() for code, entry in group.items()}
