#!/usr/bin/env bash
# Build the one-folder Linux bundle and prove it runs on its own.
#
#   bash installer/build_linux.sh            -> build/dist/facturador/ (+ a .tar.gz beside it)
#
# The bundle is copied to a temporary directory outside the repository and run there with an
# empty environment (no source tree, no virtualenv, a throwaway HOME): it must print
# "AUTOPRUEBA: PASS". Then the bundle size and its 10 biggest entries are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
SIZE_BUDGET_MB=150

started=$(date +%s)
# A virtualenv of its own with the runtime dependencies and PyInstaller only: the dev tools
# (pytest, hypothesis, mypy...) cannot leak into the bundle through optional imports.
export UV_PROJECT_ENVIRONMENT="$repo/build/venv"
uv sync --locked --no-dev --group build --quiet
uv run --no-dev --group build pyinstaller installer/facturador.spec --noconfirm \
    --log-level WARN --distpath build/dist --workpath build/work
built=$(date +%s)
# Trim ICU's data to the locales we speak and strip debug info (see the script's docstring).
uv run --no-dev python installer/slim_linux.py build/dist/facturador
echo "Bundle construido en $((built - started)) s: build/dist/facturador"

version=$(uv run --no-dev python -c 'import facturador; print(facturador.__version__)')
tar -C build/dist -czf "build/dist/facturador-${version}-linux-$(uname -m).tar.gz" facturador

# Smoke test away from the source tree.
scratch=$(mktemp -d -t facturador-bundle-XXXXXX)
trap 'rm -rf "$scratch"' EXIT
cp -a build/dist/facturador "$scratch/"
mkdir -p "$scratch/home"
case "$scratch" in "$repo"*) echo "scratch dir is inside the repo" >&2; exit 1 ;; esac
set +e
(cd "$scratch" && env -i PATH=/usr/bin:/bin HOME="$scratch/home" LANG=C.UTF-8 \
    sh -c './facturador/facturador --version && ./facturador/facturador --autoprueba')
status=$?
# The window itself, on a real X server (Xvfb) with the xcb platform: it must still be running
# after a few seconds (a missing Qt library or plugin aborts it at once).
if [ "$status" -eq 0 ] && command -v xvfb-run >/dev/null 2>&1; then
    (cd "$scratch" && env -i PATH=/usr/bin:/bin HOME="$scratch/home" LANG=C.UTF-8 \
        QT_QPA_PLATFORM=xcb timeout -k 5 8 xvfb-run -a ./facturador/facturador)
    gui_status=$?
    if [ "$gui_status" -eq 124 ]; then
        echo "OK    La ventana abrió con la plataforma xcb y siguió abierta 8 s"
    else
        echo "FALLA La ventana terminó con código $gui_status antes de 8 s" >&2
        status=1
    fi
fi
# PostgreSQL through the bundled driver (pg8000), when CI's server is up (.ci/services.sh).
if [ "$status" -eq 0 ] && [ -n "${FACTURADOR_TEST_PG_URL:-}" ] && command -v psql >/dev/null; then
    pg_db="facturador_bundle_$$"
    psql "$FACTURADOR_TEST_PG_URL" -qc "CREATE DATABASE $pg_db"
    (cd "$scratch" && export PATH=/usr/bin:/bin HOME="$scratch/home" LANG=C.UTF-8 \
        FACTURADOR_DB_URL="${FACTURADOR_TEST_PG_URL%/*}/$pg_db" &&
        ./facturador/facturador empresa agregar --rfc EKU9003173C9 \
            --nombre "ESCUELA KEMPER URGATE" --regimen 601 --cp 42501 &&
        ./facturador/facturador empresa listar | grep -q EKU9003173C9)
    pg_status=$?
    psql "$FACTURADOR_TEST_PG_URL" -qc "DROP DATABASE $pg_db WITH (FORCE)"
    if [ "$pg_status" -eq 0 ]; then
        echo "OK    PostgreSQL: base creada y migrada con el controlador del bundle"
    else
        echo "FALLA PostgreSQL desde el bundle (código $pg_status)" >&2
        status=1
    fi
fi
set -e

# The size budget (issue #10): a dependency that drags in megabytes fails the build here.
size_mb=$(du -sm build/dist/facturador | cut -f1)
if [ "$size_mb" -ge "$SIZE_BUDGET_MB" ]; then
    echo "FALLA El bundle mide $size_mb MB: el límite es $SIZE_BUDGET_MB MB" >&2
    status=1
fi

echo
echo "Tamaño del bundle: $(du -sh build/dist/facturador | cut -f1)" \
     "(comprimido: $(du -sh build/dist/facturador-*-linux-*.tar.gz | tail -1 | cut -f1))"
echo "Lo más grande (entradas de _internal/):"
(cd build/dist/facturador/_internal && du -s -- * | sort -rn | head -n 10 \
    | awk '{ printf "  %6.1f MB  %s\n", $1 / 1024, $2 }') || true  # head closes the pipe early
echo "Los archivos más grandes:"
(cd build/dist/facturador/_internal && find . -type f -printf '%s %P\n' | sort -rn | head -n 10 \
    | awk '{ printf "  %6.1f MB  %s\n", $1 / 1048576, $2 }') || true

if [ "$status" -ne 0 ]; then
    echo "La autoprueba del bundle falló (código $status)" >&2
    exit 1
fi
