#!/usr/bin/env bash
# Builds everything, writes Fashion-MNIST as a folder of PNG files and trains FashionFolderMain on it
# (docs/data.md). Arguments (optional): root trainPerClass testPerClass epochs seed.
exec bash "$(dirname "$0")/sample.sh" dev.kiln.samples.images.FashionFolderMain "$@"
