#!/usr/bin/env bash
# Packages the bundle dist/netbar/ (installer/build.sh) as dist/netbar_VERSION_ARCH.deb: the bundle in
# /usr/lib/netbar, /usr/bin/netbar, the netbar-hub service, /etc/netbar/hub.toml, a kiosk.toml for new users,
# desktop entries (the kiosk's also in autostart), the man page. Then lintian, against installer/linux/lintian-overrides.
set -euo pipefail
cd "$(dirname "$0")/../.."
HERE=installer/linux
BUNDLE=dist/netbar
[ -x "$BUNDLE/netbar" ] || { echo "no $BUNDLE/netbar: run installer/build.sh first" >&2; exit 1; }

VERSION=$("$BUNDLE/netbar" --version | cut -d' ' -f2)
ARCH=$(dpkg --print-architecture)
STAGE=build/installer/deb/netbar
DEB=dist/netbar_${VERSION}_${ARCH}.deb
rm -rf "$STAGE" "$DEB"
install -d "$STAGE/DEBIAN" "$STAGE/usr/lib" "$STAGE/usr/bin" "$STAGE/lib/systemd/system" "$STAGE/etc/netbar" \
    "$STAGE/usr/share/netbar" "$STAGE/etc/xdg/autostart" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/icons/hicolor/scalable/apps" "$STAGE/usr/share/man/man1" "$STAGE/usr/share/doc/netbar" \
    "$STAGE/usr/share/lintian/overrides"

cp -a "$BUNDLE" "$STAGE/usr/lib/netbar"
ln -s ../lib/netbar/netbar "$STAGE/usr/bin/netbar"
install -m 644 "$HERE/netbar-hub.service" "$STAGE/lib/systemd/system/"
install -m 644 "$HERE/hub.toml" "$STAGE/etc/netbar/hub.toml"
install -m 644 "$HERE/kiosk.toml" "$STAGE/usr/share/netbar/kiosk.toml"  # copied for each user at log-in (mode 600)
install -m 644 "$HERE/netbar-kiosk-autostart.desktop" "$STAGE/etc/xdg/autostart/netbar-kiosk.desktop"
install -m 644 "$HERE/netbar-kiosk.desktop" "$HERE/netbar-staff.desktop" "$STAGE/usr/share/applications/"
install -m 644 "$HERE/netbar.svg" "$STAGE/usr/share/icons/hicolor/scalable/apps/"
gzip -9n < "$HERE/netbar.1" > "$STAGE/usr/share/man/man1/netbar.1.gz"
install -m 644 "$HERE/copyright" "$STAGE/usr/share/doc/netbar/"
install -m 644 README.md "$STAGE/usr/share/doc/netbar/"
install -m 644 "$HERE/lintian-overrides" "$STAGE/usr/share/lintian/overrides/netbar"
{
    echo "netbar ($VERSION) stable; urgency=medium"
    echo
    echo "  * Release $VERSION, built from commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)."
    echo
    echo " -- Netbar maintainers <maintainers@netbar.invalid>  $(date -R -d "@${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")"
} | gzip -9n > "$STAGE/usr/share/doc/netbar/changelog.gz"

install -m 755 "$HERE/postinst" "$HERE/prerm" "$HERE/postrm" "$STAGE/DEBIAN/"
printf '%s\n' /etc/netbar/hub.toml /etc/xdg/autostart/netbar-kiosk.desktop > "$STAGE/DEBIAN/conffiles"
# Libraries the bundle takes from the system rather than carrying (glibc, X and its keyboard and cursor helpers,
# fonts with Chinese glyphs); its Python, Qt and the rest travel inside /usr/lib/netbar.
cat > "$STAGE/DEBIAN/control" <<CONTROL
Package: netbar
Version: $VERSION
Architecture: $ARCH
Maintainer: Netbar maintainers <maintainers@netbar.invalid>
Installed-Size: $(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
Depends: libc6 (>= 2.36), adduser, libglib2.0-0, libfontconfig1, libfreetype6, libx11-6, libx11-xcb1, libxcb1, libxkbcommon0, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-image0, libxcb-render-util0, libxcb-shape0, libxcb-randr0, libxcb-xkb1, libdbus-1-3, libgl1, libegl1
Recommends: fonts-wqy-microhei | fonts-noto-cjk
Section: net
Priority: optional
Homepage: https://netbar.invalid/
Description: seat service for internet cafes: kiosks, hub and staff window
 Every seat of an internet cafe runs a touchscreen kiosk; customers renew
 their time, order food and drinks or call staff, and each request reaches the
 staff window at the counter live, through the hub on the counter PC.
 .
 This package holds the whole of netbar with the Python and Qt it runs on,
 the netbar-hub system service and desktop entries for the kiosk and the
 staff window.
CONTROL
(cd "$STAGE" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) > "$STAGE/DEBIAN/md5sums"
chmod 644 "$STAGE/DEBIAN/md5sums" "$STAGE/DEBIAN/conffiles" "$STAGE/DEBIAN/control"
find "$STAGE" -type d -exec chmod 755 {} +

dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$DEB" >/dev/null
echo "$DEB: $(du -m "$DEB" | cut -f1) MB"
if command -v lintian >/dev/null; then
    lintian --fail-on error --suppress-tags-from-file /dev/null "$DEB" || { echo "lintian failed" >&2; exit 1; }
fi
