#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring in a throwaway HOME,
# so tests use a real Secret Service without ever touching the user's own keyring.
set -euo pipefail
if [ "${KEYWARD_KEYRING_SESSION:-}" = "1" ]; then exec "$@"; fi
missing=()
command -v dbus-run-session >/dev/null || missing+=("dbus (dbus-run-session)")
command -v gnome-keyring-daemon >/dev/null || missing+=("gnome-keyring")
if [ ${#missing[@]} -gt 0 ]; then
  echo "Keyward tests need a real Secret Service. Missing: ${missing[*]}." >&2
  echo "On Debian/Ubuntu: sudo apt-get install dbus gnome-keyring libsecret-1-dev" >&2
  exit 3
fi
tmp_home=$(mktemp -d -t keyward-test-home.XXXXXX)
trap 'rm -rf "$tmp_home"' EXIT
export HOME="$tmp_home" XDG_DATA_HOME="$tmp_home/.local/share" XDG_CONFIG_HOME="$tmp_home/.config" \
  XDG_CACHE_HOME="$tmp_home/.cache" XDG_RUNTIME_DIR="$tmp_home/run" KEYWARD_KEYRING_SESSION=1
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# Inside the session: start the keyring with an empty password (unlocks a fresh login keyring), then run.
exec dbus-run-session -- bash -c '
  eval "$(printf "keyward-test" | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
  eval "$(gnome-keyring-daemon --start --components=secrets 2>/dev/null)" || true
  exec "$@"' keyring-session "$@"
