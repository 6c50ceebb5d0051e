package io.regimestream.common.records;

import java.util.Objects;

/**
 * A machine moved to another regime and stayed there for the debounce count of readings
 * ({@code machine-regime-changes}).
 *
 * @param machineId    the machine
 * @param fromRegime   the regime it held before
 * @param toRegime     the regime it holds now
 * @param timestamp    event time of the first reading in the new regime, epoch ms
 * @param confidence   mean confidence of the readings that confirmed the change
 * @param readings     how many readings in a row confirmed it (the debounce count)
 * @param modelVersion the model that predicted the new regime
 */
public record RegimeChange(
        String machineId,
        int fromRegime,
        int toRegime,
        long timestamp,
        double confidence,
        int readings,
        String modelVersion) {

    public RegimeChange {
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(modelVersion, "modelVersion");
    }
}
