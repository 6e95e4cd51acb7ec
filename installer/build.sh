#!/usr/bin/env bash
# Builds the one-folder bundle dist/netbar/ (PyInstaller, installer/netbar.spec) from a clean virtualenv that holds
# netbar as a user installs it (not editable, no test or dev tools), then says its size. Linux; Windows has
# installer/windows/build.ps1. The bundle carries this machine's glibc floor: build on the oldest system supported.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
WORK=build/installer
rm -rf "$WORK/venv" dist/netbar
"$PYTHON" -m venv "$WORK/venv"
# numpy built here, without BLAS or SIMD variants: the wheel's OpenBLAS (26 MB with gfortran) and its dispatched
# kernels serve matrix algebra netbar never does; reports use pandas' own loops. numpy's bundled LAPACK (lapack_lite)
# keeps numpy.linalg working. Needs a C and C++ compiler; some 8 minutes of CPU, the first time (pip caches it).
"$WORK/venv/bin/pip" install -q --no-binary numpy -C setup-args=-Dblas=none -C setup-args=-Dlapack=none \
    -C setup-args=-Dallow-noblas=true -C setup-args=-Ddisable-optimization=true 'numpy>=2,<3'
"$WORK/venv/bin/pip" install -q . 'pyinstaller>=6.10,<7'
"$WORK/venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath dist --workpath "$WORK/work" installer/netbar.spec
# ICU's data (31 MB in PySide6's wheel) cut to what Qt reaches for Chinese and English: installer/linux/icu_data.py.
for library in dist/netbar/_internal/PySide6/Qt/lib/libicudata.so.*; do
    "$PYTHON" installer/linux/icu_data.py "$library" "$WORK/icu"
done
# Libraries are data to the loader, not programs (mode 644); a RUNPATH into the build machine's Python (pyenv's
# /root/.pyenv/…/lib) would make the loader look there on the café's PC: removed, the bundle's own folder is found
# by the bootloader. Relative ($ORIGIN) ones stay.
find dist/netbar -type f -name '*.so*' -exec chmod 644 {} +
if command -v patchelf >/dev/null; then
    find dist/netbar -type f -name '*.so*' -print0 | while IFS= read -r -d '' library; do
        case "$(patchelf --print-rpath "$library" 2>/dev/null)" in
            /*) patchelf --remove-rpath "$library" ;;
        esac
    done
fi
echo "dist/netbar: $(du -sm dist/netbar | cut -f1) MB"
