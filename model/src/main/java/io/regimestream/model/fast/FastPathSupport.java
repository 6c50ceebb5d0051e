package io.regimestream.model.fast;

import java.util.Optional;

/**
 * Whether a model can be scored by the {@link FastRegimeScorer}: either the compiled scorer, or
 * the reason it cannot (then the caller keeps the JPMML evaluator).
 */
public final class FastPathSupport {

    private final FastRegimeScorer scorer;
    private final String reason;

    private FastPathSupport(FastRegimeScorer scorer, String reason) {
        this.scorer = scorer;
        this.reason = reason;
    }

    static FastPathSupport supported(FastRegimeScorer scorer) {
        return new FastPathSupport(scorer, null);
    }

    static FastPathSupport notSupported(String reason) {
        return new FastPathSupport(null, reason);
    }

    public Optional<FastRegimeScorer> scorer() {
        return Optional.ofNullable(scorer);
    }

    public boolean isSupported() {
        return scorer != null;
    }

    /** Why the fast path refused the model; empty when it is supported. */
    public String reason() {
        return reason == null ? "" : reason;
    }

    @Override
    public String toString() {
        return isSupported() ? "fast path: " + scorer.describe() : "fast path not supported: " + reason;
    }
}
