#!/usr/bin/env bash
# Makes sure the data and reference tools the tests use are installed. On Debian/Ubuntu as root it
# installs what is missing:
#   dataset-fashion-mnist  Fashion-MNIST (/usr/share/datasets/fashion-mnist); otherwise Kiln's loader
#                          looks in $KILN_FASHION_MNIST, ~/.kiln/datasets/fashion-mnist, and finally
#                          tries the public download.
#   python3-sklearn        scikit-learn's bundled tables (Iris, wine, diabetes, breast cancer, ...) that
#                          the CSV tests load, and the reference implementation the metric tests
#                          compare with; it brings python3-numpy, which the .npy/.npz tests check against
#                          and which the checkpoint tests use too: they open Kiln's safetensors files
#                          with a numpy reader written from the format's specification (Debian has no
#                          python3-safetensors), as a PyTorch/numpy user would.
#   python3-pil            Pillow, the reference for image decoding and resizing in the image-folder tests.
set -euo pipefail
missing=()
if [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  missing+=(dataset-fashion-mnist)
fi
if ! /usr/bin/python3 -c "import numpy, sklearn" >/dev/null 2>&1; then
  missing+=(python3-sklearn)
fi
if ! /usr/bin/python3 -c "import PIL" >/dev/null 2>&1; then
  missing+=(python3-pil)
fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "missing: ${missing[*]}; as root run: apt-get install ${missing[*]}" >&2
  echo "(for Fashion-MNIST alone, KILN_FASHION_MNIST may name a directory holding the four .gz IDX files)" >&2
fi
