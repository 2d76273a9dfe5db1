#!/usr/bin/env bash
# 一条命令完成安装与运行 / One command to install and run.
#   bash scripts/dev.sh serve   安装依赖，生成并在本地预览网站（含示例内容）
#   bash scripts/dev.sh build   安装依赖，生成网站到 site/
#   bash scripts/dev.sh test    安装依赖（含 Debian 的 chromium 与中文字体），检查代码格式，运行全部测试
#   bash scripts/dev.sh compile 安装依赖，生成《典型案例汇编》PDF 与 Word 版到 dist/
#   bash scripts/dev.sh cms     安装依赖，在本机打开网页表单 http://127.0.0.1:8000/admin/，保存的材料直接写进 schools/
#   bash scripts/dev.sh new     用本项目的 Python 运行 build.py 的其他命令（new、check、fix、import 等）
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${VENV:-.venv}"
PY="$VENV/bin/python"

need_python() {
  if [ ! -x "$PY" ]; then
    echo "==> 创建 Python 虚拟环境 $VENV"
    python3 -m venv "$VENV"
  fi
  echo "==> 安装 Python 依赖（$1）"
  "$PY" -m pip install --quiet --disable-pip-version-check -r "$1"
}

need_debian() {
  # Packages the tests need: Debian's Chromium (Playwright drives it; no browser is downloaded),
  # a CJK font so Chinese is drawn as text in screenshots and PDFs; for the 典型案例汇编
  # (build.py compile): Pango for WeasyPrint, pandoc for the Word version, poppler-utils to
  # render PDF pages to PNG in the tests; nginx, to test the server configuration shipped in
  # deploy/nginx (tests/repository/test_deploy.py runs its own nginx on loopback; the packaged service is
  # not needed: where systemd starts it, `systemctl disable --now nginx` stops it); openssl for that
  # test's throwaway certificate; LibreOffice Writer, the second client that opens the compilation's
  # DOCX (it stands in for WPS) and makes test documents for the Word import; LibreOffice Calc, the
  # second client that reads the progress XLSX back (dates must arrive as dates).
  local wanted=(chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 pandoc poppler-utils nginx openssl libreoffice-writer libreoffice-calc)
  local missing=()
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> 安装 Debian 软件包：${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

need_properdocs() {
  # Stock ProperDocs with Material in a virtualenv of its own, for tests/output/test_export.py (an
  # export must build without this project's hook or packages).  Skipped when already installed
  # from the same requirements-properdocs.txt.
  local venv="${PROPERDOCS_VENV:-.venv-properdocs}"
  if [ -x "$venv/bin/properdocs" ] && cmp -s requirements-properdocs.txt "$venv/requirements-properdocs.txt"; then
    return
  fi
  echo "==> 安装 ProperDocs（$venv，requirements-properdocs.txt）"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements-properdocs.txt
  cp requirements-properdocs.txt "$venv/requirements-properdocs.txt"
}

need_npm() {
  # Front-end packages pinned in package.json / package-lock.json (axe-core for the accessibility
  # tests, Decap CMS that the site serves at /admin/, decap-server for the form's local mode);
  # installed from the npm registry, never loaded from a CDN.
  if [ -f node_modules/.package-lock.json ] && cmp -s package-lock.json node_modules/.showcase-lock.json; then
    return
  fi
  if ! command -v npm >/dev/null; then
    echo "==> 安装 Debian 软件包：nodejs npm"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
  echo "==> 安装 npm 软件包（package-lock.json）"
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
  cp package-lock.json node_modules/.showcase-lock.json
}

case "${1:-serve}" in
  serve)
    need_python requirements.txt
    need_npm
    "$PY" build.py build
    exec "$PY" build.py serve "${@:2}"
    ;;
  build)
    need_python requirements.txt
    need_npm
    exec "$PY" build.py build "${@:2}"
    ;;
  cms)
    # The web form on this computer: Decap's local backend (decap-server, files only, loopback
    # only) writes into this folder; the preview site serves /admin/ and shows the result.
    need_python requirements.txt
    need_npm
    "$PY" build.py build
    PORT=8081 BIND_HOST=127.0.0.1 MODE=fs GIT_REPO_DIRECTORY="$PWD" LOG_LEVEL=warn \
      node node_modules/decap-server/dist/index.js &
    proxy=$!
    trap 'kill "$proxy" 2>/dev/null' EXIT INT TERM
    echo "==> 网页表单：http://127.0.0.1:8000/admin/ （保存的材料写进 schools/；按 Ctrl+C 结束）"
    "$PY" build.py serve "${@:2}"
    ;;
  test)
    need_debian
    need_python requirements-dev.txt
    need_properdocs
    need_npm
    echo "==> 代码检查（ruff check、ruff format --check）"
    "$VENV/bin/ruff" check .
    "$VENV/bin/ruff" format --check .
    exec "$PY" -m pytest "${@:2}"
    ;;
  compile)
    need_debian
    need_python requirements.txt
    exec "$PY" build.py compile "${@:2}"
    ;;
  new|check|fix|import|wechat|report|owners|schema|cms-policy)
    # The other commands of build.py, run with the project's own Python (not the system's).
    need_python requirements.txt
    exec "$PY" build.py "$1" "${@:2}"
    ;;
  *)
    echo "用法：bash scripts/dev.sh [serve|build|test|compile|cms|new|check|fix|import|wechat|report]" >&2
    exit 2
    ;;
esac
