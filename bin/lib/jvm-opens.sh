# Sourced by bin/job, bin/demo and bin/sql: the --add-opens a MiniCluster (and Spark) needs when it
# runs from a plain `java` command on Java 17. The list lives once, in the root pom.xml's
# <jvm.add-opens> (the tests and the training jar use the same one).
OPENS=$(sed -n 's:.*<jvm.add-opens>\(.*\)</jvm.add-opens>.*:\1:p' "$(dirname "${BASH_SOURCE[0]}")/../../pom.xml")
if [ -z "$OPENS" ]; then
  echo "bin/lib/jvm-opens.sh: no <jvm.add-opens> line in the root pom.xml" >&2
  exit 1
fi
export OPENS
