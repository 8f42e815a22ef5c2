#!/usr/bin/env bash
# Builds and links the application, library included, for macOS (x86_64-apple-darwin), so
# that what only macOS refuses (an ELF-only link section, a Linux-only API) fails here.
#
# Linux has no macOS SDK, so zig (PyPI's ziglang, installed by scripts/setup.sh) stands in:
# its clang, which carries macOS's headers and libSystem, compiles the C parts of dependencies
# (SQLite, ring, mimalloc) and links. What the SDK and Homebrew would add (OpenSSL, iconv, two
# frameworks) are empty stand-in libraries, their symbols left to a loader that never runs:
# the binary is checked, not run. On a Mac none of this is needed: `cargo build` with
# Homebrew's OpenSSL (`OPENSSL_DIR=$(brew --prefix openssl)`) builds it.
set -euo pipefail
cd "$(dirname "$0")/.."
zig=${LATCH_ZIG:-$HOME/.cache/latch/zig/ziglang/zig}
[ -x "$zig" ] || { echo "check-macos: zig is missing (run scripts/setup.sh)" >&2; exit 1; }
# A fixed folder: cargo's fingerprints include the linker's path and the OpenSSL folder, so a
# new path each run would rebuild every dependency.
kit=$HOME/.cache/latch/macos-kit
mkdir -p "$kit/openssl/include" "$kit/openssl/lib" "$kit/lib" \
  "$kit/frameworks/CoreFoundation.framework" "$kit/frameworks/SystemConfiguration.framework"

# cc and linker: zig's clang for the target, without the flags only Apple's clang knows.
cat >"$kit/cc.new" <<SCRIPT
#!/usr/bin/env bash
args=(); skip=0; link=1
for a in "\$@"; do
  if [ \$skip = 1 ]; then skip=0; continue; fi
  case "\$a" in
    -arch|-isysroot) skip=1 ;;
    --target=*|-mmacosx-version-min=*) ;;
    -c|-E|-S) link=0; args+=("\$a") ;;
    *) args+=("\$a") ;;
  esac
done
[ \$link = 1 ] && args+=(-Wl,-undefined,dynamic_lookup "-L$kit/lib" "-F$kit/frameworks")
exec "$zig" cc -target x86_64-macos "\${args[@]}"
SCRIPT
printf '#!/usr/bin/env bash\nexec "%s" ar "$@"\n' "$zig" >"$kit/ar.new"
for tool in cc ar; do
  chmod +x "$kit/$tool.new"
  # Rewritten only when it changes: a newer file would not rebuild anything, but stays tidy.
  cmp -s "$kit/$tool.new" "$kit/$tool" && rm "$kit/$tool.new" || mv "$kit/$tool.new" "$kit/$tool"
done
# OpenSSL's headers as Debian installs them (its build script reads the version there).
if [ ! -f "$kit/openssl/include/openssl/opensslconf.h" ]; then
  cp -r /usr/include/openssl "$kit/openssl/include/"
  cp /usr/include/*-linux-gnu/openssl/* "$kit/openssl/include/openssl/"
fi
echo 'void latch_stand_in(void) {}' >"$kit/empty.c"
stand_in() { [ -f "$1" ] || "$kit/cc" -shared -o "$1" "$kit/empty.c"; }
stand_in "$kit/openssl/lib/libssl.dylib"
stand_in "$kit/openssl/lib/libcrypto.dylib"
stand_in "$kit/lib/libiconv.dylib"
stand_in "$kit/frameworks/CoreFoundation.framework/CoreFoundation"
stand_in "$kit/frameworks/SystemConfiguration.framework/SystemConfiguration"

export CC_x86_64_apple_darwin="$kit/cc" AR_x86_64_apple_darwin="$kit/ar"
export CARGO_TARGET_X86_64_APPLE_DARWIN_LINKER="$kit/cc"
# Where rustc would ask xcrun for the SDK: an empty folder, which the cc above never reads.
mkdir -p "$kit/sdk"
export SDKROOT="$kit/sdk"
export X86_64_APPLE_DARWIN_OPENSSL_INCLUDE_DIR="$kit/openssl/include" X86_64_APPLE_DARWIN_OPENSSL_LIB_DIR="$kit/openssl/lib"
cargo build -q -p latch-app --bin latch --features ssr --target x86_64-apple-darwin
binary=target/x86_64-apple-darwin/debug/latch
file "$binary" | grep -q "Mach-O 64-bit x86_64 executable" || { echo "check-macos: $binary is not a macOS executable" >&2; exit 1; }
echo "check-macos: the application and the library build and link for x86_64-apple-darwin"
