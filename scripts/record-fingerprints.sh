#!/usr/bin/env bash
# Records the bitwise fingerprints of FingerprintTest (samples module) for this machine's environment
# (ND4J binary + CPU model) into samples/src/test/resources/fingerprints/<environment>.properties.
#   scripts/record-fingerprints.sh FashionCnn            re-records one case after a deliberate change
#   scripts/record-fingerprints.sh FashionCnn,ResNet18   several
#   scripts/record-fingerprints.sh all                   the whole file (drops cases that no longer exist)
# Every other case is still checked against the file. Each recorded case is run twice and must agree
# bit for bit. Review the diff of the .properties file before committing it. Uses $MAVEN_OPTS (e.g. a
# private -Dmaven.repo.local) and installs the modules the samples need (their other tests skipped).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ne 1 ]; then
  echo "usage: $0 all|CASE[,CASE...]" >&2
  exit 2
fi
classifier=$(bash scripts/nd4j-classifier.sh)
# Through the reactor (-am), as scripts/test.sh runs the tests: only then does the samples module get the
# binary of -Dkiln.nd4j.classifier (with -pl samples alone the installed runtime brings the generic
# linux-x86_64 one), so the environment recorded is the one the suite checks.
KILN_RECORD_FINGERPRINTS="$1" mvn -B -o install -pl samples -am -Dtest=FingerprintTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dkiln.nd4j.classifier="$classifier"
git status --short samples/src/test/resources/fingerprints
