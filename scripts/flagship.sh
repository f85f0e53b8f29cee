#!/usr/bin/env bash
# Command 1 of README.md: builds everything and trains the flagship sample (FashionMlp).
exec bash "$(dirname "$0")/sample.sh" dev.kiln.samples.fashion.FashionMlpMain "$@"
