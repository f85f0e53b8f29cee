#!/usr/bin/env bash
# A Java user's project outside the reactor (scripts/java-user): copies it to a fresh directory,
# builds it offline against the Kiln artifacts installed in the local Maven repository (run after
# mvn install; honours MAVEN_OPTS=-Dmaven.repo.local=...), runs it, and checks what it prints: a
# trained model, a resumed run identical to the uninterrupted one, save and load, a damaged file
# refused with the model untouched, an ONNX export.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=user-project-lib.sh
source scripts/user-project-lib.sh java-user "${1:-$(bash scripts/nd4j-classifier.sh)}"
# The binary the project asked for is the one that runs (ND4J's own POM adds the generic one too).
expect "^Kiln on ND4J CPU, binary ${classifier} "
# The oneDNN primitives Kiln calls itself load from the installed runtime's dependencies (its batch norm runs on them).
expect "; own kernels: oneDNN 2\.5\.[0-9]+ primitives \(float32\)"
expect '^test accuracy: 0\.(7[5-9]|8[0-9]|9[0-9])'
expect '^resumed epochs: 4, identical to uninterrupted: true$'
expect '^loaded infers identically: true$'
expect '^damaged file refused: [A-Za-z]+Exception; model untouched: true$'
expect '^onnx written: true$'
echo "java-user-project: OK (a fresh Maven project built against the installed Kiln, on its own oneDNN kernels: trained, resumed bit for bit, saved, loaded, refused a damaged file, exported ONNX)"
