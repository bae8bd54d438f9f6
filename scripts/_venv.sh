# Shared by scripts/run and scripts/test: make sure .venv exists and holds this project.
# Usage: ensure_venv [extra]   (e.g. "test"). Installs again only when pyproject.toml changed
# or the extra was never installed; .venv/.seedbank-install remembers "<pyproject hash> <extra>".

find_python() {
    for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "seedbank needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)" >&2
    return 1
}

ensure_venv() {
    local extra="${1:-}" stamp=.venv/.seedbank-install python hash target
    if [ ! -x .venv/bin/python ]; then
        python="$(find_python)"
        echo "==> creating .venv with $python"
        "$python" -m venv .venv
        .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
    fi
    hash="$(.venv/bin/python -c 'import hashlib; print(hashlib.sha256(open("pyproject.toml", "rb").read()).hexdigest())')"
    if grep -q "^$hash " "$stamp" 2>/dev/null && { [ -z "$extra" ] || grep -qxF "$hash $extra" "$stamp"; }; then
        return 0
    fi
    target="."
    [ -n "$extra" ] && target=".[$extra]"
    echo "==> installing seedbank${extra:+ with [$extra]} into .venv"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$target"
    { grep "^$hash " "$stamp" 2>/dev/null || true; echo "$hash $extra"; } | sort -u >"$stamp.new"
    mv "$stamp.new" "$stamp"
}
