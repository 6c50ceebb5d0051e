# Sourced by bin/test and bin/demo: installs Debian packages the way both need them.
#   apt_install PKG...        apt-get install as root, or with sudo; returns 1 when neither works
#   apt_install_hint PKG...   the exact command a person can run instead
# Callers define say() for their messages.

apt_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    # sudo may ask for a password only where someone can type it.
    if command -v sudo >/dev/null 2>&1 && { [ -t 0 ] || sudo -n true 2>/dev/null; }; then sudo="sudo"; else return 1; fi
  fi
  command -v apt-get >/dev/null 2>&1 || return 1
  say "installing $* with apt-get"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

apt_install_hint() {
  echo "sudo apt-get install $*"
}

# influxd (InfluxDB 1.x) and the influx CLI; true when influxd is there afterwards.
ensure_influxd() {
  if [ -n "${INFLUXD:-}" ] || command -v influxd >/dev/null 2>&1; then return 0; fi
  apt_install influxdb influxdb-client
}

# prometheus (and promtool), Debian's package: the server the dashboard tests scrape Flink's
# Prometheus metrics reporter with; true when prometheus is there afterwards.
ensure_prometheus() {
  if [ -n "${PROMETHEUS:-}" ] || command -v prometheus >/dev/null 2>&1; then return 0; fi
  apt_install prometheus
}

# The ZooKeeper 3.8 server (Debian's zookeeper package; not zookeeperd, which only adds a machine-wide
# system service on port 2181): the tests of Flink's ZooKeeper high availability start their own
# server on a free port. True when its jar is there afterwards.
ensure_zookeeper() {
  if [ -n "${ZOOKEEPER_CLASSPATH:-}" ] || [ -f /usr/share/java/zookeeper.jar ]; then return 0; fi
  apt_install zookeeper
}
