package io.regimestream.producer.publish;

/**
 * Paces sends to a steady rate on a fixed schedule (slot {@code k} at {@code start + k/rate}),
 * so small sleep overshoots do not add up over a long run. After a stall longer than
 * {@link #MAX_CATCH_UP_NANOS} (a paused laptop, a blocked send) it restarts the schedule instead
 * of bursting to catch up. Pure arithmetic on the times it is given, so tests need no real clock.
 * Not thread-safe.
 */
public final class RateLimiter {

    /** How far behind schedule sends may run and still be caught up with. */
    static final long MAX_CATCH_UP_NANOS = 1_000_000_000L;

    private final long intervalNanos;
    private long nextSlot = Long.MIN_VALUE;

    /** @param perSecond permits per second; {@code 0} means no limit */
    public RateLimiter(double perSecond) {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be a finite number >= 0, was " + perSecond);
        }
        this.intervalNanos = perSecond == 0 ? 0 : Math.max(1, Math.round(1e9 / perSecond));
    }

    /** Takes the next permit: how many nanoseconds after {@code nowNanos} it may be used (0 = now). */
    public long reserve(long nowNanos) {
        if (intervalNanos == 0) {
            return 0;
        }
        if (nextSlot == Long.MIN_VALUE || nowNanos - nextSlot > MAX_CATCH_UP_NANOS) {
            nextSlot = nowNanos;
        }
        long slot = nextSlot;
        nextSlot += intervalNanos;
        return Math.max(0, slot - nowNanos);
    }
}
