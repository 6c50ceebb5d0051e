"""What both example scripts share: the Kafka options, loading the client libraries with an error
that says how to install them, and failing with one clear line instead of a traceback.

Debian installs its python3-* packages for /usr/bin/python3 only: a python3 of pyenv, conda or a
virtualenv that comes first on PATH does not see them. Run the scripts with /usr/bin/python3 there
(or install the libraries from PyPI into that interpreter).
"""

import argparse
import importlib
import os
import sys

# Exit codes: 0 done, 1 a service failed (Kafka, InfluxDB), 2 bad usage or a library missing.
EXIT_FAILED = 1
EXIT_USAGE = 2

LIBRARIES = {
    # module: (Debian package, PyPI package)
    "confluent_kafka": ("python3-confluent-kafka", "confluent-kafka"),
    "influxdb": ("python3-influxdb", "influxdb"),
}


class Failure(Exception):
    """A failure the user can act on; main() prints its message as one line and exits with code."""

    def __init__(self, message, code=EXIT_FAILED):
        super().__init__(message)
        self.code = code


def require(module):
    """Imports a client library, or fails naming the package to install for this interpreter."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        debian, pypi = LIBRARIES[module]
        raise Failure(
            f"{module} is not installed for {sys.executable} ({e}). On Debian/Ubuntu: "
            f"'sudo apt-get install {debian}' and run this script with /usr/bin/python3 "
            f"(Debian's packages are installed for that interpreter only); elsewhere: "
            f"'{sys.executable} -m pip install {pypi}'",
            EXIT_USAGE,
        ) from e


def add_kafka_options(parser):
    parser.add_argument(
        "--bootstrap-servers",
        default=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
        help="Kafka brokers, host:port[,host:port] (env KAFKA_BOOTSTRAP_SERVERS; default: %(default)s)",
    )
    parser.add_argument(
        "--kafka-property",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a librdkafka setting for the client, repeatable, e.g. security.protocol=SASL_SSL",
    )


def kafka_config(args, **settings):
    """The client's librdkafka configuration: ours, then the user's --kafka-property on top."""
    config = {"bootstrap.servers": args.bootstrap_servers, **settings}
    for item in args.kafka_property:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise Failure(f"--kafka-property must be KEY=VALUE, was {item!r}", EXIT_USAGE)
        config[key.strip()] = value
    return config


def positive(kind):
    """An argparse type: a number of `kind`, 0 or more."""

    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}")
        if value < 0:
            raise argparse.ArgumentTypeError(f"must not be negative: {text!r}")
        return value

    return parse


def run(main):
    """Runs main(), turning a Failure into one line on stderr and its exit code."""
    try:
        sys.exit(main())
    except Failure as f:
        print(f"error: {f}", file=sys.stderr)
        sys.exit(f.code)
