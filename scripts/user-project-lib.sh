# Sourced by scripts/java-user-project.sh and scripts/kotlin-user-project.sh: copies a user's project
# (scripts/$1) to a fresh directory, builds and runs it offline against the Kiln artifacts installed
# in the local Maven repository (honours MAVEN_OPTS=-Dmaven.repo.local=...) with the ND4J binary $2,
# and defines expect REGEX, which fails the script unless the output so far ($out) has a matching line.
# Leaves $work (removed on exit) and $out.
project=$1
classifier=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "scripts/$project/." "$work"
out="$work/run.log"
(cd "$work" && mvn -B -q -o package exec:java -Dnd4j.classifier="$classifier" > "$out" 2>&1) || { cat "$out"; exit 1; }
expect() {
  grep -qE "$1" "$out" || { echo "$project-project: expected /$1/ in the output:"; cat "$out"; exit 1; }
}
