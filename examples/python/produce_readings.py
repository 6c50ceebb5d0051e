#!/usr/bin/env python3
"""Sends machine temperature readings to Kafka, one at a time, for the scoring job to classify.

The article's producer (V. Alto, "Streaming analysis with Kafka, InfluxDB and Grafana") ported to
Python 3 and to regime-stream's reading format: each reading is one JSON object,
{"machineId": "press-01", "timestamp": <epoch ms>, "temperature": 57}, keyed by machine id, sent
with an idempotent producer (acks=all) through confluent-kafka (librdkafka). The temperatures are
the article's: random integers from 40 to 69 (numpy's randint(40, 70)), or those of a file.
"""

import argparse
import json
import random
import signal
import sys
import time

import clients


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="produce_readings.py",
        description=__doc__.split("\n\n")[0],
        epilog="Exit codes: 0 every reading delivered, 1 Kafka failed, 2 bad usage or a library missing.",
    )
    clients.add_kafka_options(p)
    p.add_argument("--topic", default="machine-temperature", help="topic of readings (default: %(default)s)")
    p.add_argument(
        "--count",
        type=clients.positive(int),
        help="readings to send (default: 100 random ones, or every line of --file)",
    )
    p.add_argument(
        "--rate",
        type=clients.positive(float),
        default=1.0,
        help="readings per second; 0 = as fast as possible, 0.2 = one every 5 s as in the article "
        "(default: %(default)s)",
    )
    p.add_argument(
        "--machines",
        type=clients.positive(int),
        default=1,
        help="machines press-01, press-02, ... taking turns (default: %(default)s)",
    )
    p.add_argument(
        "--file",
        help="temperatures to send instead of random ones: one per line, a number or a JSON object "
        'with a temperature key in any letter case (the article\'s {"Temperature": 57} lines work)',
    )
    p.add_argument("--seed", type=int, help="seed of the random temperatures, for a repeatable run")
    p.add_argument(
        "--timeout",
        type=clients.positive(float),
        default=30.0,
        help="seconds to try delivering each reading before giving up (default: %(default)s)",
    )
    args = p.parse_args(argv)
    if args.machines == 0:
        p.error("--machines must be at least 1")
    return args


def temperatures(args):
    """The temperatures to send, in order: all read (and checked) before the first is sent."""
    if args.file is None:
        rng = random.Random(args.seed)
        return [rng.randint(40, 69) for _ in range(100 if args.count is None else args.count)]
    try:
        with open(args.file, encoding="utf-8") as f:
            lines = [(n, line) for n, line in enumerate(f, start=1) if line.strip()]
    except OSError as e:
        raise clients.Failure(f"cannot read {args.file}: {e.strerror}", clients.EXIT_USAGE)
    if args.count is not None:
        lines = lines[: args.count]
    return [temperature_of(line, f"{args.file}:{n}") for n, line in lines]


def temperature_of(line, where):
    try:
        value = json.loads(line)
    except ValueError:
        raise clients.Failure(f"{where}: neither a number nor JSON: {line.strip()[:80]!r}", clients.EXIT_USAGE)
    if isinstance(value, dict):
        found = [v for k, v in value.items() if k.lower() == "temperature"]
        value = found[0] if found else None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise clients.Failure(f"{where}: no numeric temperature in {line.strip()[:80]!r}", clients.EXIT_USAGE)
    return value


class Deliveries:
    """Counts what Kafka acknowledged and keeps the first error."""

    def __init__(self):
        self.delivered = 0
        self.failed = 0
        self.first_error = None

    def report(self, error, message):
        if error is None:
            self.delivered += 1
        else:
            self.failed += 1
            self.first_error = self.first_error or error


def main(argv=None):
    args = parse_args(argv)
    kafka = clients.require("confluent_kafka")
    producer = kafka.Producer(
        clients.kafka_config(
            args,
            **{
                "enable.idempotence": True,  # acks=all; a retried send neither duplicates nor reorders
                "message.timeout.ms": int(args.timeout * 1000),
                "linger.ms": 5,
            },
        )
    )
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    deliveries = Deliveries()
    machines = [f"press-{i:02d}" for i in range(1, args.machines + 1)]
    interval = 1.0 / args.rate if args.rate > 0 else 0.0
    start = time.monotonic()
    sent = 0
    try:
        for temperature in temperatures(args):
            if stop:
                break
            if interval:
                time.sleep(max(0.0, start + sent * interval - time.monotonic()))
            machine = machines[sent % len(machines)]
            reading = {"machineId": machine, "timestamp": int(time.time() * 1000), "temperature": temperature}
            send(producer, args.topic, machine, reading, deliveries)
            sent += 1
            producer.poll(0)  # serves the delivery reports
    except KeyboardInterrupt:
        pass  # Ctrl-C: deliver what was sent, then stop
    left = producer.flush(args.timeout + 5)
    if deliveries.failed or left:
        raise clients.Failure(
            f"{deliveries.failed + left} of {sent} readings not delivered to {args.topic} at "
            f"{args.bootstrap_servers}: {why(kafka, deliveries.first_error, args)}"
        )
    print(f"sent {deliveries.delivered} readings to {args.topic} at {args.bootstrap_servers}", file=sys.stderr)
    return 0


def why(kafka, error, args):
    """The first delivery error, with what to do about the usual ones."""
    if error is None:
        return f"not acknowledged within {args.timeout:g} s"
    if error.code() == kafka.KafkaError._MSG_TIMED_OUT:
        return f"{error.str()} after {args.timeout:g} s (is a broker listening there? --timeout waits longer)"
    if error.code() in (kafka.KafkaError.UNKNOWN_TOPIC_OR_PART, kafka.KafkaError._UNKNOWN_TOPIC):
        return f"{error.str()} (start the job first: it creates its topics)"
    return error.str()


def send(producer, topic, machine, reading, deliveries):
    value = json.dumps(reading, separators=(",", ":")).encode("utf-8")
    while True:
        try:
            producer.produce(topic, key=machine.encode("utf-8"), value=value, on_delivery=deliveries.report)
            return
        except BufferError:
            producer.poll(0.1)  # the local queue is full: wait for deliveries


if __name__ == "__main__":
    clients.run(main)
