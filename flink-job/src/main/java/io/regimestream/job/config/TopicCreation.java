package io.regimestream.job.config;

/**
 * How the job creates its missing topics at start.
 *
 * @param partitions        partitions of each topic it creates
 * @param replicationFactor replication factor of each topic it creates; 0 = the broker's default
 */
public record TopicCreation(int partitions, int replicationFactor) {

    public TopicCreation {
        Problems problems = new Problems();
        problems.check(partitions >= 1, "--partitions must be at least 1, was " + partitions);
        problems.check(
                replicationFactor >= 0 && replicationFactor <= Short.MAX_VALUE,
                "--replication-factor must be 1 or more (0 = the broker's default), was " + replicationFactor);
        problems.throwIfAny();
    }

    @Override
    public String toString() {
        return partitions + " partitions, replication "
                + (replicationFactor == 0 ? "broker default" : replicationFactor);
    }
}
