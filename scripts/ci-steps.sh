#!/usr/bin/env bash
# 持续集成的各个步骤 / The steps of the CI workflows, in one place for every platform:
# .github/workflows/ (GitHub Actions), .gitea/workflows/ (Gitea Actions; Forgejo reads
# .forgejo/workflows/) and .gitlab-ci.yml (GitLab CI) run these steps and nothing else, so the
# platforms cannot drift apart (tests/repository/test_workflows.py checks it).
#
#   bash scripts/ci-steps.sh install                          安装生成网站所需的 Python 包与 npm 包（网页表单）
#   bash scripts/ci-steps.sh changed-files 基准 输出文件        列出拉取请求修改的文件
#   bash scripts/ci-steps.sh check 格式 修改清单 作者账号        检查内容与修改范围（格式 text 或 github）
#   bash scripts/ci-steps.sh preview                          生成预览网站（含示例内容，可直接双击打开）到 site/
#   bash scripts/ci-steps.sh publish                          生成正式网站（不含示例内容）到 site/，网址取自 SITE_URL
#   bash scripts/ci-steps.sh test                             运行全部测试（scripts/dev.sh test）
#
# The pull request's own copy of this script runs, like its copy of build.py: what protects
# the main branch is the review that branch protection requires (see the guide, 管理员).
set -euo pipefail
cd "$(dirname "$0")/.."

# The interpreter the CI set up (actions/setup-python, or the job's image).
PYTHON="${PYTHON:-python}"

usage() {
  echo "用法：bash scripts/ci-steps.sh install | changed-files 基准 输出文件 | check 格式 修改清单 作者账号 | preview | publish | test" >&2
  exit 2
}

step="${1:-}"
case "$step" in
  install)
    [ $# -eq 1 ] || usage
    "$PYTHON" -m pip install --disable-pip-version-check -r requirements.txt
    # Decap CMS, which the site serves at /admin/ (package-lock.json pins it).
    if command -v npm >/dev/null; then
      npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
    else
      echo "没有 npm：生成的网站不含网页表单 /admin/（安装 Node.js 与 npm 后即有）" >&2
    fi
    ;;
  changed-files)
    [ $# -eq 3 ] || usage
    # BASE...HEAD: what the pull request changed since it left BASE (a branch or a commit).
    # --no-renames: a moved file counts at both its old and its new path.
    # core.quotePath=off: paths with Chinese characters are printed as they are.
    git -c core.quotePath=off diff --name-only --no-renames "$2...HEAD" > "$3"
    ;;
  check)
    [ $# -eq 4 ] || usage
    exec "$PYTHON" build.py check --publish --format "$2" --changed-files "$3" --author "$4"
    ;;
  preview)
    [ $# -eq 1 ] || usage
    # --offline: the preview opens by double-click from the unzipped folder (file://), search too.
    "$PYTHON" build.py build --offline
    # GitHub: the job summary says where the preview is and how to open it, in three steps.
    if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -n "${GITHUB_RUN_ID:-}" ]; then
      {
        echo "## 预览网站"
        echo
        echo "1. 打开[本次运行的页面](${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}#artifacts)，在页面底部的 Artifacts 中下载 **site-preview**；"
        echo "2. 解压下载的 site-preview.zip；"
        echo "3. 双击解压后文件夹里的 index.html，用浏览器打开（不需要网络和网页服务器，搜索也能用）。"
      } >> "$GITHUB_STEP_SUMMARY"
    fi
    ;;
  publish)
    [ $# -eq 1 ] || usage
    exec "$PYTHON" build.py build --publish
    ;;
  test)
    [ $# -eq 1 ] || usage
    exec bash scripts/dev.sh test
    ;;
  *)
    usage
    ;;
esac
