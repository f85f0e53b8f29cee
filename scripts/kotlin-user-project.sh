#!/usr/bin/env bash
# A Kotlin user's project outside the reactor (scripts/kotlin-user): copies it to a fresh directory,
# builds it offline with kapt against the Kiln artifacts installed in the local Maven repository
# (run after mvn install; honours MAVEN_OPTS=-Dmaven.repo.local=...), runs it, and checks what it
# prints: the generated Kotlin factory and layer property, the DSL's training, the Flow.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=user-project-lib.sh
source scripts/user-project-lib.sh kotlin-user "${1:-$(bash scripts/nd4j-classifier.sh)}"
expect '^layers: hidden second third fourth fifth logits$'
expect '^accuracy: (0\.9[5-9]|1\.0)'
expect '^predicted: 0,1$'
expect '^logits: 3 fc: 2$'
expect '^flow steps: 12$'
expect '^learned activations: accuracy (0\.9[0-9]|1\.0)[0-9]*, alpha SLOPE 8 trained true$'

# The rejected property forms: kapt fails with Kiln's diagnostic for each, at the .kt line.
rm "$work/src/main/kotlin/example/Main.kt"
cp scripts/kotlin-user/rejected/PropertyForms.kt "$work/src/main/kotlin/example/"
rm -rf "$work/target"
if (cd "$work" && mvn -B -o compile -Dnd4j.classifier="$classifier" > "$out" 2>&1); then
  echo "kotlin-user-project: the rejected property forms compiled:"; cat "$out"; exit 1
fi
at='PropertyForms.kt:'
expect "${at}11: error: \\[KILN-E005\\] model WithGetter declares no layers"
expect "${at}18: error: \\[KILN-E008\\] field 'logits\\\$delegate' of model Delegated is annotated @Dense but has type kotlin.Lazy"
expect "${at}23: error: \\[KILN-E008\\] field 'logits' of model WrongType is annotated @Dense but has type java.lang.String"
expect "${at}29: error: \\[KILN-E008\\] field 'logits' of model InCompanion is static"
echo "kotlin-user-project: OK (a fresh Maven project built with kapt against the installed Kiln, trained, ran the Flow; the rejected property forms give their diagnostics)"
