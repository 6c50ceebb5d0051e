package io.regimestream.job.canary;

/**
 * Which machines a canary scores: a machine's place in [0, 1), from a hash of its id alone, so it is
 * the same on every scoring task, after every restart and rescale, and in every job; the machines a
 * canary of share s scores are those placed below s. A larger share takes the machines of a smaller
 * one and more, so a canary can grow without any machine switching back and forth.
 *
 * <p>The hash: 64-bit FNV-1a over the id's UTF-16 code units, then MurmurHash3's 64-bit finalizer
 * (FNV alone places ids that differ in their last character, {@code press-01} and {@code press-02},
 * close together); the place is its top 53 bits over 2^53. No allocation, a few ns for a short id.
 */
public final class CanarySplit {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private CanarySplit() {}

    /** The machine's place in [0, 1). */
    public static double place(String machineId) {
        long h = FNV_OFFSET;
        for (int i = 0; i < machineId.length(); i++) {
            h ^= machineId.charAt(i);
            h *= FNV_PRIME;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (h >>> 11) * 0x1.0p-53;
    }

    /** True when a canary of {@code share} scores {@code machineId}. */
    public static boolean scores(String machineId, double share) {
        return place(machineId) < share;
    }
}
