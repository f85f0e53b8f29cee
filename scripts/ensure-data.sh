#!/usr/bin/env bash
# Makes sure what the tests read is installed. Fashion-MNIST: on Debian/Ubuntu as root it installs
# the package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist); otherwise Kiln's loader looks
# in $KILN_FASHION_MNIST, ~/.kiln/datasets/fashion-mnist, and finally tries the public download.
# python3-numpy: the checkpoint tests open Kiln's safetensors files with a numpy reader written from
# the format's specification (Debian has no python3-safetensors), as a PyTorch/numpy user would;
# they run Debian's /usr/bin/python3 where there is one.
set -euo pipefail
packages=()
if [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  packages+=(dataset-fashion-mnist)
fi
python=python3
[ -x /usr/bin/python3 ] && python=/usr/bin/python3
if ! "$python" -c 'import numpy' >/dev/null 2>&1; then
  packages+=(python3-numpy)
fi
if [ ${#packages[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
else
  echo "not installed: ${packages[*]}; as root run: apt-get install ${packages[*]}" >&2
  echo "(for Fashion-MNIST, or set KILN_FASHION_MNIST to a directory holding the four .gz IDX files)" >&2
fi
