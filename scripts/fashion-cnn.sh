#!/usr/bin/env bash
# Builds everything and trains the Fashion-MNIST CNN sample (FashionCnn).
exec bash "$(dirname "$0")/sample.sh" dev.kiln.samples.fashion.FashionCnnMain "$@"
