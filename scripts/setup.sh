#!/usr/bin/env bash
# OneWindow set-up: installs what the project needs on Debian 12 (or Ubuntu), then either
# launches the app on the embedded default or runs the whole test suite.
#
#   scripts/setup.sh run    install, then start `onewindow` (SQLite + synthetic demo registry)
#   scripts/setup.sh test   install (with the test servers), then ruff, mypy, import-linter, pytest
#
# Runs as root or as a user with sudo (only apt-get needs it). Idempotent: a second run installs
# nothing new. The Python environment lives in .venv inside the checkout.
set -euo pipefail

mode="${1:-}"
case "$mode" in
  run|test) ;;
  *) echo "usage: scripts/setup.sh run|test" >&2; exit 2 ;;
esac
shift

cd "$(dirname "$0")/.."

# System packages -------------------------------------------------------------------------------
# Runtime: Python with venv and headers, a C compiler and the PC/SC headers (pyscard builds from
# source on Linux), the PC/SC daemon, CJK fonts (Noto for the screen; TrueType fonts for printed
# documents: reportlab embeds only glyf outlines — UMing, Zen Hei, and HanaMin for rare
# characters of CJK Extensions A/B), and the libraries Qt's xcb platform needs.
apt_run=(
  ca-certificates python3 python3-venv python3-dev gcc libpcsclite-dev pcscd
  fonts-noto-cjk fonts-arphic-uming fonts-wqy-zenhei fonts-hanazono
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0
  libxcb-randr0 libxcb-render-util0 libxcb-image0 xvfb xauth
)
# The calling display's chime and voice: Qt's multimedia and text-to-speech add-ons link
# libpulse; the voice is Qt's speechd engine → speech-dispatcher → espeak-ng, whose data has the
# Mandarin voice (cmn); both play through a PulseAudio server (a desktop session has one; a
# display computer without a desktop runs `pulseaudio --start` as the display's user).
apt_run+=(libpulse0 pulseaudio speech-dispatcher speech-dispatcher-espeak-ng espeak-ng-data)
# Tests also start real servers: PostgreSQL, pcscd with the virtual readers of vsmartcard-vpcd,
# a PulseAudio with a null sink that parec records, and espeak-ng's own Mandarin reading as the
# measure of the display's; and check printed output with poppler's pdftotext/pdftoppm.
apt_test=(postgresql vsmartcard-vpcd poppler-utils pulseaudio-utils espeak-ng)

packages=("${apt_run[@]}")
[ "$mode" = test ] && packages+=("${apt_test[@]}")

if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "==> installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
else
  echo "==> no apt-get: install the equivalents of: ${packages[*]}" >&2
fi

# Python environment ----------------------------------------------------------------------------
python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $($python --version)"
  "$python" -m venv .venv
fi
extras="pcsc"
[ "$mode" = test ] && extras="pcsc,test"
echo "==> installing OneWindow and its Python dependencies ([$extras])"
.venv/bin/python -m pip install -q --upgrade pip
# (the install compiles the translations, ui/i18n/*.qm: setup.py's build hook)
.venv/bin/python -m pip install -q -e ".[$extras]"

if [ "$mode" = run ]; then
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "==> no display: starting OneWindow on a virtual screen (Xvfb). It signs in as the demo"
    echo "    clerk, serves a synthetic citizen from card tap to printed notice (PDF files in the"
    echo "    data folder), and saves a screenshot to onewindow-screenshot.png"
    exec xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/onewindow --scene accepted --screenshot onewindow-screenshot.png "$@"
  fi
  exec .venv/bin/onewindow "$@"
fi

# Tests -----------------------------------------------------------------------------------------
export QT_QPA_PLATFORM=offscreen
echo "==> ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "==> mypy"
.venv/bin/mypy
echo "==> import-linter"
.venv/bin/lint-imports
echo "==> pytest"
exec .venv/bin/pytest "$@"
