#!/usr/bin/env bash
# A Java user's project outside the reactor (scripts/java-user): copies it to a fresh directory,
# builds it offline against the Kiln artifacts installed in the local Maven repository (run after
# mvn install; honours MAVEN_OPTS=-Dmaven.repo.local=...), runs it, and checks what it prints: a
# trained model, a resumed run identical to the uninterrupted one, save and load, a damaged file
# refused with the model untouched, an ONNX export.
set -euo pipefail
cd "$(dirname "$0")/.."
classifier=${1:-$(bash scripts/nd4j-classifier.sh)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r scripts/java-user/. "$work"
out="$work/run.log"
(cd "$work" && mvn -B -q -o package exec:java -Dnd4j.classifier="$classifier" > "$out" 2>&1) || { cat "$out"; exit 1; }
expect() {
  grep -qE "$1" "$out" || { echo "java-user-project: expected /$1/ in the output:"; cat "$out"; exit 1; }
}
# The binary the project asked for is the one that runs (ND4J's own POM adds the generic one too).
expect "^Kiln on ND4J CPU, binary ${classifier} "
expect '^test accuracy: 0\.(7[5-9]|8[0-9]|9[0-9])'
expect '^resumed epochs: 4, identical to uninterrupted: true$'
expect '^loaded infers identically: true$'
expect '^damaged file refused: [A-Za-z]+Exception; model untouched: true$'
expect '^onnx written: true$'
echo "java-user-project: OK (a fresh Maven project built against the installed Kiln: trained, resumed bit for bit, saved, loaded, refused a damaged file, exported ONNX)"
