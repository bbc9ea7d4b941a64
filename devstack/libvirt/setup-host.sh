#!/usr/bin/env bash
# Makes a Debian 12 machine ready to run KVM (or QEMU TCG) guests through libvirt, for Slipway's
# libvirt driver and its tests: installs libvirt and QEMU, creates the users libvirtd expects and
# writes the qemu.conf settings that let QEMU run as root without systemd, cgroups or mount
# namespaces (containers and CI machines have none of them).
#
# Idempotent: run it as often as you like; it installs only what is missing and rewrites qemu.conf
# only when a managed setting differs. It does NOT start libvirtd or virtlogd (there may be no
# systemd): the tests start them (LibvirtDaemons), on a real host use your init system.
#
# Usage (as root): devstack/libvirt/setup-host.sh
set -euo pipefail

PACKAGES=(libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86 qemu-utils busybox-static)
QEMU_CONF=/etc/libvirt/qemu.conf
MARKER='# Managed by slipway devstack/libvirt/setup-host.sh (QEMU as root, no cgroups, no namespaces)'

say() { printf 'setup-host: %s\n' "$*"; }
die() { printf 'setup-host: error: %s\n' "$*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "run as root (it installs packages and edits $QEMU_CONF)"
command -v apt-get >/dev/null 2>&1 || die "apt-get not found: this script is for Debian 12 (bookworm)"

# 1. Packages, only those not installed yet (apt-get update only when something must be installed).
missing=()
for p in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ $status == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]} > 0)); then
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Another apt run (a second CI job, unattended upgrades) may hold the lock: wait for it.
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    say "packages already installed: ${PACKAGES[*]}"
fi

# 2. libvirtd 9.0 resolves its built-in default user and group (libvirt-qemu:kvm) before it reads
# qemu.conf, and fails to start without them; libvirt-daemon-system would create them, but it
# brings systemd units and polkit that these machines do not need.
getent group kvm >/dev/null || { groupadd --system kvm; say "created group kvm"; }
getent group libvirt-qemu >/dev/null || { groupadd --system libvirt-qemu; say "created group libvirt-qemu"; }
getent passwd libvirt-qemu >/dev/null || {
    useradd --system --no-create-home -g kvm libvirt-qemu
    say "created user libvirt-qemu"
}

# 3. qemu.conf: drop every existing assignment of the managed keys (a list value may span several
# lines) and the previous managed block, then append the managed block. Written only when the
# result differs, so a second run leaves the file (and its mtime) alone.
mkdir -p "$(dirname "$QEMU_CONF")"
[[ -e $QEMU_CONF ]] || : >"$QEMU_CONF"
new_conf=$(mktemp "$QEMU_CONF.XXXXXX")
trap 'rm -f "$new_conf"' EXIT
awk -v marker="$MARKER" '
    BEGIN {
        split("user group dynamic_ownership remember_owner namespaces cgroup_controllers", k, " ")
        for (i in k) managed[k[i]] = 1
    }
    skipping { if ($0 ~ /\]/) skipping = 0; next }
    $0 == marker { next }
    /^[ \t]*[A-Za-z_]+[ \t]*=/ {
        name = $0; sub(/^[ \t]*/, "", name); sub(/[ \t]*=.*/, "", name)
        if (name in managed) {
            value = $0; sub(/^[^=]*=/, "", value)
            if (value ~ /\[/ && value !~ /\]/) skipping = 1
            next
        }
    }
    { print }
' "$QEMU_CONF" >"$new_conf"
cat >>"$new_conf" <<CONF
$MARKER
user = "root"
group = "root"
dynamic_ownership = 0
remember_owner = 0
namespaces = []
cgroup_controllers = []
CONF
if cmp -s "$new_conf" "$QEMU_CONF"; then
    say "$QEMU_CONF already holds the settings"
else
    chmod --reference="$QEMU_CONF" "$new_conf"
    mv "$new_conf" "$QEMU_CONF"
    say "wrote the settings into $QEMU_CONF"
    if [[ -S /var/run/libvirt/libvirt-sock ]]; then
        say "libvirtd is running: if it started before this change, restart it to apply $QEMU_CONF"
    fi
fi

# 4. The directories libvirtd and virtlogd expect (normally made by systemd-tmpfiles or packages).
mkdir -p /var/log/libvirt /var/lib/libvirt /var/cache/libvirt /var/run/libvirt

say "ready: start virtlogd and libvirtd (no systemd: 'setsid virtlogd &' and 'setsid libvirtd &'), then 'virsh -c qemu:///system version'"
