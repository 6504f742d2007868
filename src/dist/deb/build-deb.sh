#!/bin/sh
# Builds heaptriage_<version>_all.deb from the distribution archive, with dpkg-deb (Debian's own tool; the Maven
# profile that runs this is active only where /usr/bin/dpkg-deb exists). Usage: build-deb.sh VERSION URL TAR.GZ OUTDIR
set -eu
version=$1 url=$2 archive=$3 out=$4
debversion=$(echo "$version" | sed 's/-SNAPSHOT$/~SNAPSHOT/')
here=$(cd "$(dirname "$0")" && pwd -P)
stage=$out/deb-root
rm -rf "$stage" "$out/deb-unpack"
mkdir -p "$out/deb-unpack"
tar -xzf "$archive" -C "$out/deb-unpack"
dist=$out/deb-unpack/heaptriage-$version

# Files are 0644 and folders 0755 whatever the umask; the launcher is 0755.
install -d -m 0755 "$stage/DEBIAN" "$stage/usr/bin" "$stage/usr/share/heaptriage/bin" "$stage/usr/share/heaptriage/lib" \
  "$stage/usr/share/heaptriage/completion" "$stage/usr/share/man/man1" "$stage/usr/share/bash-completion/completions" \
  "$stage/usr/share/doc/heaptriage"
install -m 0755 "$dist/bin/heaptriage" "$stage/usr/share/heaptriage/bin/heaptriage"
install -m 0644 "$dist/lib/heaptriage.jar" "$stage/usr/share/heaptriage/lib/heaptriage.jar"
install -m 0644 "$dist/completion/heaptriage_completion" "$stage/usr/share/heaptriage/completion/heaptriage_completion"
ln -s ../share/heaptriage/bin/heaptriage "$stage/usr/bin/heaptriage"
ln -s ../../heaptriage/completion/heaptriage_completion "$stage/usr/share/bash-completion/completions/heaptriage"
for page in "$dist"/man/man1/*.1; do
  gzip -9n -c "$page" > "$stage/usr/share/man/man1/$(basename "$page").gz"
  chmod 0644 "$stage/usr/share/man/man1/$(basename "$page").gz"
done
gzip -9n -c "$dist/README.md" > "$stage/usr/share/doc/heaptriage/README.md.gz"
gzip -9n -c "$dist/CHANGELOG.md" > "$stage/usr/share/doc/heaptriage/changelog.gz"
chmod 0644 "$stage/usr/share/doc/heaptriage/"*

size=$(du -sk "$stage/usr" | cut -f1)
sed -e "s|@VERSION@|$debversion|" -e "s|@SIZE@|$size|" -e "s|@URL@|$url|" "$here/control" > "$stage/DEBIAN/control"
chmod 0644 "$stage/DEBIAN/control"

dpkg-deb --root-owner-group -Zgzip --build "$stage" "$out/heaptriage_${debversion}_all.deb" >/dev/null
rm -rf "$stage" "$out/deb-unpack"
