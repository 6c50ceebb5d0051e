-- The regime-stream pipeline in Flink SQL: readings from Kafka, scored by the PMML model inside
-- the job (provider 'pmml', jar flink-sql-pmml.jar), predictions to Kafka in the job's format.
--
-- ${NAME} placeholders are filled by bin/sql and by flink-sql-script.jar on a cluster (from
-- --set NAME=VALUE or the environment, see flink-sql-pmml/README.md); for sql-client.sh, fill
-- them first, e.g.:
--   BOOTSTRAP_SERVERS=kafka:9092 MODEL_URI=file:///models/model.pmml OUTPUT_TOPIC=machine-regimes \
--     envsubst < sql/regimes.sql > /tmp/regimes.sql && sql-client.sh -f /tmp/regimes.sql

-- Checkpoints commit the source offsets and flush the sink; without them a restart replays everything.
SET 'execution.checkpointing.interval' = '10 s';

CREATE TABLE readings (
  machineId STRING,
  `timestamp` BIGINT,               -- epoch milliseconds, as the producer writes it
  temperature DOUBLE,
  ts AS TO_TIMESTAMP_LTZ(`timestamp`, 3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'machine-temperature',
  'properties.bootstrap.servers' = '${BOOTSTRAP_SERVERS}',
  'properties.group.id' = 'regime-sql',
  'properties.auto.offset.reset' = 'earliest',
  'scan.startup.mode' = 'group-offsets',
  'format' = 'json',
  -- Unlike the DataStream job there is no dead-letter topic here: a malformed record is skipped.
  'json.ignore-parse-errors' = 'true'
);

CREATE MODEL regime_model
  INPUT (temperature DOUBLE)
  OUTPUT (regime INT, confidence DOUBLE, probability0 DOUBLE, probability1 DOUBLE,
          probability2 DOUBLE, probability3 DOUBLE, model_version STRING)
  WITH ('provider' = 'pmml', 'path' = '${MODEL_URI}');

CREATE TABLE predictions (
  machineId STRING,
  `timestamp` BIGINT,
  temperature DOUBLE,
  regime INT,
  confidence DOUBLE,
  probability0 DOUBLE,
  probability1 DOUBLE,
  probability2 DOUBLE,
  probability3 DOUBLE,
  modelVersion STRING
) WITH (
  'connector' = 'kafka',
  'topic' = '${OUTPUT_TOPIC}',
  'properties.bootstrap.servers' = '${BOOTSTRAP_SERVERS}',
  'sink.delivery-guarantee' = 'at-least-once',  -- the job's --delivery at-least-once; a replay repeats predictions
  'key.format' = 'raw',
  'key.fields' = 'machineId',       -- keyed by machine, as the job keys its predictions
  'value.format' = 'json',
  'value.fields-include' = 'ALL'
);

INSERT INTO predictions
SELECT machineId, `timestamp`, temperature, regime, confidence,
       probability0, probability1, probability2, probability3, model_version
FROM ML_PREDICT(TABLE readings, MODEL regime_model, DESCRIPTOR(temperature));
