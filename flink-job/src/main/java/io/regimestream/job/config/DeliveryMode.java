package io.regimestream.job.config;

import java.util.Locale;
import org.apache.flink.connector.base.DeliveryGuarantee;

/** How the Kafka sinks deliver: {@code exactly-once} (transactions) or {@code at-least-once}. */
public enum DeliveryMode {
    EXACTLY_ONCE(DeliveryGuarantee.EXACTLY_ONCE),
    AT_LEAST_ONCE(DeliveryGuarantee.AT_LEAST_ONCE);

    private final DeliveryGuarantee guarantee;

    DeliveryMode(DeliveryGuarantee guarantee) {
        this.guarantee = guarantee;
    }

    public DeliveryGuarantee guarantee() {
        return guarantee;
    }

    /** The spelling used on the command line, e.g. {@code exactly-once}. */
    public String option() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Accepts {@code exactly-once}, {@code EXACTLY_ONCE} and the like. */
    public static DeliveryMode parse(String text) {
        for (DeliveryMode mode : values()) {
            if (mode.option().equalsIgnoreCase(text.strip().replace('_', '-'))) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown delivery mode '" + text + "': use exactly-once or at-least-once");
    }
}
