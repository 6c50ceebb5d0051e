package io.regimestream.training.data;

/** What {@code --generate} produces. */
public enum Dataset {
    /** The regime-switching simulator of {@code common} with its default regimes. */
    regimes,
    /** The data of the original <a href="https://datasciencechalktalk.com/2019/07/17/streaming-analysis-with-kafka-influxdb-and-grafana/">article</a> (V. Alto, "Streaming analysis with Kafka, InfluxDB and Grafana"): integers drawn uniformly like numpy's {@code randint(40, 70)}, i.e. 40..69. */
    uniform
}
