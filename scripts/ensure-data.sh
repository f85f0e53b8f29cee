#!/usr/bin/env bash
# Makes sure Fashion-MNIST is where Kiln looks for it. On Debian/Ubuntu as root it installs the
# package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist); otherwise Kiln's loader looks in
# $KILN_FASHION_MNIST, ~/.kiln/datasets/fashion-mnist, and finally tries the public download.
set -euo pipefail
if [ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null
else
  echo "Fashion-MNIST is not installed; as root run: apt-get install dataset-fashion-mnist" >&2
  echo "(or set KILN_FASHION_MNIST to a directory holding the four .gz IDX files)" >&2
fi
