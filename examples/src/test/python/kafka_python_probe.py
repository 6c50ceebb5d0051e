"""What kafka-python (Debian's python3-kafka) returns from a topic: every record up to the end
offsets, as the article's consumer would get them, printed as one JSON document for the test.

usage: kafka_python_probe.py BOOTSTRAP_SERVERS TOPIC
"""

import json
import sys
import time

import kafka
from kafka import KafkaConsumer, TopicPartition


def main(bootstrap, topic):
    report = {"kafkaPython": kafka.__version__}
    # The setting every exactly-once reader needs: does this client take it?
    try:
        KafkaConsumer(bootstrap_servers=bootstrap, isolation_level="read_committed").close()
        report["readCommittedError"] = None
    except Exception as e:
        report["readCommittedError"] = f"{type(e).__name__}: {e}"

    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
    partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic))]
    consumer.assign(partitions)
    consumer.seek_to_beginning(*partitions)
    end = consumer.end_offsets(partitions)
    records = []
    deadline = time.monotonic() + 60
    while any(consumer.position(tp) < end[tp] for tp in partitions):
        if time.monotonic() > deadline:
            raise SystemExit(f"could not read {topic} to its end offsets {end} within 60 s")
        for batch in consumer.poll(timeout_ms=500).values():
            for r in batch:
                records.append(
                    {
                        "partition": r.partition,
                        "offset": r.offset,
                        "key": None if r.key is None else r.key.hex(),
                        "value": None if r.value is None else r.value.hex(),
                        # What the article's consumer does first with each message.
                        "jsonError": json_error(r.value),
                    }
                )
    consumer.close()
    report["records"] = records
    json.dump(report, sys.stdout)


def json_error(value):
    try:
        json.loads(value)
        return None
    except Exception as e:
        return repr(e)


if __name__ == "__main__":
    main(*sys.argv[1:3])
