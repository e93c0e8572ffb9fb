#!/usr/bin/env bash
# Build Facturador.app and a .dmg on macOS; sign and notarize when credentials are given.
#
#   bash installer/macos/build_dmg.sh
#   CODESIGN_IDENTITY="Developer ID Application: ... (TEAMID)" NOTARY_PROFILE=facturador \
#       bash installer/macos/build_dmg.sh
#
# See installer/macos/README.md for the one-time setup (certificate, notarytool profile).
set -euo pipefail
cd "$(dirname "$0")/../.."

version=$(uv run python -c 'import facturador; print(facturador.__version__)')
uv sync --locked --group build --quiet
uv run --group build pyinstaller installer/facturador.spec --noconfirm \
    --distpath build/dist --workpath build/work

# The one-folder bundle becomes Contents/MacOS of an .app (the launcher finds _internal/
# beside itself; resources via sys._MEIPASS).
app="build/dist/Facturador.app"
rm -rf "$app"
mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"
cp -a build/dist/facturador/. "$app/Contents/MacOS/"
cp resources/icons/facturador.icns "$app/Contents/Resources/facturador.icns"
cat > "$app/Contents/Info.plist" <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
  <key>CFBundleName</key><string>Facturador</string>
  <key>CFBundleDisplayName</key><string>Facturador</string>
  <key>CFBundleIdentifier</key><string>mx.facturador.app</string>
  <key>CFBundleVersion</key><string>${version}</string>
  <key>CFBundleShortVersionString</key><string>${version}</string>
  <key>CFBundleExecutable</key><string>facturador</string>
  <key>CFBundleIconFile</key><string>facturador.icns</string>
  <key>CFBundlePackageType</key><string>APPL</string>
  <key>LSMinimumSystemVersion</key><string>11.0</string>
  <key>NSHighResolutionCapable</key><true/>
  <key>CFBundleDevelopmentRegion</key><string>es_MX</string>
</dict></plist>
PLIST

"$app/Contents/MacOS/facturador" --autoprueba

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
    # Hardened runtime is required for notarization; sign inside-out (--deep is not enough
    # for nested frameworks, so sign every Mach-O first, then the app).
    find "$app/Contents/MacOS" -type f \( -name '*.so' -o -name '*.dylib' -o -perm -u+x \) \
        -print0 | xargs -0 -n 20 codesign --force --timestamp --options runtime \
        --entitlements installer/macos/entitlements.plist --sign "$CODESIGN_IDENTITY"
    codesign --force --timestamp --options runtime \
        --entitlements installer/macos/entitlements.plist --sign "$CODESIGN_IDENTITY" "$app"
    codesign --verify --deep --strict --verbose=2 "$app"
fi

dmg="build/dist/Facturador-${version}.dmg"
rm -f "$dmg"
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp -a "$app" "$staging/"
ln -s /Applications "$staging/Aplicaciones"
hdiutil create -volname "Facturador ${version}" -srcfolder "$staging" -ov -format UDZO "$dmg"

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
    codesign --force --timestamp --sign "$CODESIGN_IDENTITY" "$dmg"
fi
if [ -n "${NOTARY_PROFILE:-}" ]; then
    xcrun notarytool submit "$dmg" --keychain-profile "$NOTARY_PROFILE" --wait
    xcrun stapler staple "$dmg"
    spctl --assess --type open --context context:primary-signature --verbose "$dmg"
fi
echo "Listo: $dmg"
