#!/usr/bin/env python3
"""Writes every prediction of the scoring job's predictions topic into InfluxDB, as the job's own
InfluxDB sink does, so the Grafana dashboards show them.

The article's consumer (V. Alto, "Streaming analysis with Kafka, InfluxDB and Grafana") ported to
Python 3 and to regime-stream's prediction format. It reads with confluent-kafka (librdkafka) and
isolation.level=read_committed: the job writes its predictions in Kafka transactions (exactly-once,
its default), so only this way does a reader see each prediction once and nothing else. Offsets are
committed after InfluxDB took the points, and a record read again overwrites its own point.
"""

import argparse
import json
import os
import re
import signal
import sys
import time
import urllib.parse

import clients

MEASUREMENT = "machine_regime"  # the job's measurement, which the dashboards query


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="predictions_to_influxdb.py",
        description=__doc__.split("\n\n")[0],
        epilog="Runs until Ctrl-C or SIGTERM, then writes what it has read and stops. Exit codes: 0 stopped, "
        "1 Kafka or InfluxDB failed, 2 bad usage or a library missing. InfluxDB credentials: prefer the "
        "environment variables (arguments show in ps).",
    )
    clients.add_kafka_options(p)
    p.add_argument("--topic", default="machine-regimes", help="the job's predictions topic (default: %(default)s)")
    p.add_argument(
        "--group-id",
        default="predictions-to-influxdb",
        help="consumer group: where a restarted writer resumes (default: %(default)s)",
    )
    p.add_argument(
        "--influxdb-url",
        default=os.environ.get("INFLUXDB_URL", "http://localhost:8086"),
        help="InfluxDB 1.x (env INFLUXDB_URL; default: %(default)s)",
    )
    p.add_argument(
        "--influxdb-database",
        default=os.environ.get("INFLUXDB_DATABASE", "regimes"),
        help="created if missing (env INFLUXDB_DATABASE; default: %(default)s, the dashboards' database: "
        "run the job with --no-influxdb then, or its points and these count every reading twice)",
    )
    p.add_argument("--influxdb-username", default=os.environ.get("INFLUXDB_USERNAME"), help="env INFLUXDB_USERNAME")
    p.add_argument("--influxdb-password", default=os.environ.get("INFLUXDB_PASSWORD"), help="env INFLUXDB_PASSWORD")
    p.add_argument(
        "--batch-size",
        type=clients.positive(int),
        default=500,
        help="predictions per InfluxDB write at most (default: %(default)s)",
    )
    args = p.parse_args(argv)
    if args.batch_size == 0:
        p.error("--batch-size must be at least 1")
    return args


class NotAPrediction(ValueError):
    pass


def point(record):
    """The InfluxDB point of one Kafka record of predictions: the same measurement, tags and fields
    as the job's sink (flink-job/README.md, "InfluxDB schema"). Identity, as the job's: time = the
    prediction's millisecond plus the record's offset modulo 1,000,000 as nanoseconds, tag partition =
    the record's partition; but these are the partition and offset in the predictions topic, where the
    job uses those of the reading. So the two sinks' points of one prediction coincide only by chance,
    and one record read twice is one point."""
    try:
        p = json.loads(record.value())
    except (TypeError, ValueError) as e:
        raise NotAPrediction(f"not JSON ({e})")
    if not isinstance(p, dict):
        raise NotAPrediction("not a JSON object")
    machine = field(p, "machineId", str)
    timestamp = field(p, "timestamp", int)
    regime = field(p, "regime", int)
    fields = {
        "temperature": float(field(p, "temperature", (int, float))),
        "regime": regime,
    }
    # A compact prediction (the job's --prediction-format compact) has no confidence, probabilities
    # or processing time: its point has the fields it has. A full one must have them all.
    if not compact(p):
        fields["confidence"] = float(field(p, "confidence", (int, float)))
        k = 0
        while f"probability{k}" in p:
            fields[f"probability{k}"] = float(field(p, f"probability{k}", (int, float)))
            k += 1
        fields["lag_ms"] = field(p, "processingTime", int) - timestamp
    low_confidence = p.get("lowConfidence", False)  # absent in predictions of older jobs
    if not isinstance(low_confidence, bool):
        raise NotAPrediction(f"lowConfidence is {low_confidence!r}")
    fields["low_confidence"] = low_confidence
    return {
        "measurement": MEASUREMENT,
        "tags": {
            "machine": machine,
            "model_version": field(p, "modelVersion", str),
            "regime_id": str(regime),
            "partition": str(record.partition()),
        },
        "time": timestamp * 1_000_000 + record.offset() % 1_000_000,
        "fields": fields,
    }


def compact(prediction):
    return not any(name in prediction for name in ("confidence", "processingTime", "probability0"))


def field(prediction, name, kind):
    value = prediction.get(name)
    if value is None:
        raise NotAPrediction(f"no {name}")
    if isinstance(value, bool) or not isinstance(value, kind) or value == "":
        raise NotAPrediction(f"{name} is {value!r}")
    return value


def influxdb_client(args):
    influxdb = clients.require("influxdb")
    url = urllib.parse.urlparse(args.influxdb_url)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise clients.Failure(
            f"--influxdb-url must be http(s)://host:port, was {args.influxdb_url!r}", clients.EXIT_USAGE
        )
    client = influxdb.InfluxDBClient(
        host=url.hostname,
        port=url.port or 8086,
        username=args.influxdb_username,
        password=args.influxdb_password,
        database=args.influxdb_database,
        ssl=url.scheme == "https",
        verify_ssl=url.scheme == "https",
        path=url.path.strip("/"),
        timeout=10,
    )
    try:
        client.ping()
        client.create_database(args.influxdb_database)  # a no-op when it exists
    except influxdb.exceptions.InfluxDBClientError as e:
        raise clients.Failure(f"InfluxDB at {args.influxdb_url} refused: {e}")
    except Exception as e:  # requests' connection errors and timeouts
        raise clients.Failure(f"cannot reach InfluxDB at {args.influxdb_url}: {e}")
    return influxdb, client


def kafka_consumer(args):
    kafka = clients.require("confluent_kafka")
    consumer = kafka.Consumer(
        clients.kafka_config(
            args,
            **{
                "group.id": args.group_id,
                # Transactions: only committed predictions, never the records of an aborted transaction.
                "isolation.level": "read_committed",
                "enable.auto.commit": False,  # committed by hand, once InfluxDB has the points
                "auto.offset.reset": "earliest",
            },
        )
    )
    try:
        topics = consumer.list_topics(args.topic, timeout=15).topics
    except kafka.KafkaException as e:
        consumer.close()
        raise clients.Failure(f"cannot reach Kafka at {args.bootstrap_servers} within 15 s: {e.args[0].str()}")
    if topics[args.topic].error is not None:
        consumer.close()
        raise clients.Failure(
            f"topic {args.topic} does not exist at {args.bootstrap_servers} "
            f"({topics[args.topic].error.str()}): start the job first (it creates its topics) or give --topic"
        )
    consumer.subscribe([args.topic])
    return kafka, consumer


def write(influxdb, client, points, url):
    """Writes the batch and returns how many points InfluxDB dropped; retries while InfluxDB is
    unreachable or failing, and stops on a refusal of the whole write (nothing is committed then)."""
    delay = 1
    while True:
        try:
            client.write_points(points, time_precision="n")
            return 0
        except influxdb.exceptions.InfluxDBClientError as e:
            if e.code == 400 and "partial write" in str(e.content):
                # Some points refused (e.g. a field type conflict); InfluxDB 1.x wrote the others.
                dropped = re.search(r"dropped=(\d+)", str(e.content))
                print(f"InfluxDB dropped points of a batch of {len(points)}: {e.content}", file=sys.stderr)
                return int(dropped.group(1)) if dropped else len(points)
            if e.code < 500:
                raise clients.Failure(f"InfluxDB at {url} refused the write ({e.code}): {e.content}")
            print(f"InfluxDB at {url} failed ({e.code}: {e.content}): retrying in {delay} s", file=sys.stderr)
        except Exception as e:  # requests' connection errors and timeouts
            print(f"cannot write to InfluxDB at {url} ({e}): retrying in {delay} s", file=sys.stderr)
        time.sleep(delay)
        delay = min(delay * 2, 30)


def commit(kafka, consumer):
    try:
        consumer.commit(asynchronous=False)
    except kafka.KafkaException as e:
        # Not fatal: the records are read again after a restart or rebalance, and overwrite their points.
        print(f"Kafka: offsets not committed: {e.args[0].str()}", file=sys.stderr)


def main(argv=None):
    args = parse_args(argv)
    influxdb, client = influxdb_client(args)
    kafka, consumer = kafka_consumer(args)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    signal.signal(signal.SIGINT, lambda *_: stop.append(True))
    print(
        f"writing predictions of {args.topic} at {args.bootstrap_servers} to InfluxDB {args.influxdb_url} "
        f"{args.influxdb_database}.{MEASUREMENT} (group {args.group_id}, read_committed)",
        file=sys.stderr,
    )
    written = skipped = dropped = 0
    try:
        while not stop:
            records = consumer.consume(args.batch_size, timeout=1.0)
            points = []
            for record in records:
                if record.error() is not None:
                    if record.error().fatal():
                        raise clients.Failure(f"Kafka: {record.error().str()}")
                    print(f"Kafka: {record.error().str()}", file=sys.stderr)
                    continue
                try:
                    points.append(point(record))
                except NotAPrediction as e:
                    skipped += 1
                    print(
                        f"skipped {record.topic()}[{record.partition()}]@{record.offset()}: not a prediction: {e}",
                        file=sys.stderr,
                    )
            if points:
                dropped += write(influxdb, client, points, args.influxdb_url)
                written += len(points)
            if any(record.error() is None for record in records):
                commit(kafka, consumer)
    finally:
        consumer.close()
    print(
        f"wrote {written - dropped} predictions to {args.influxdb_database}.{MEASUREMENT} "
        f"({dropped} dropped by InfluxDB, {skipped} records skipped: not predictions)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    clients.run(main)
