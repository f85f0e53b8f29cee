#!/usr/bin/env bash
# Builds everything and trains WineMain on the wine CSV table (docs/data.md). Arguments (optional):
# csvFile epochs seed pipelineFile.
exec bash "$(dirname "$0")/sample.sh" dev.kiln.samples.tables.WineMain "$@"
