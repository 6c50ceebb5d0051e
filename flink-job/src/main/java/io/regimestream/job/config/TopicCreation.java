package io.regimestream.job.config;

/**
 * Whether the job creates its missing topics at start ({@code --create-topics}), and how. Off by
 * default: a job's Kafka principal often may not create topics, and topics are an operator's
 * choice; the job then only checks that they exist.
 *
 * @param create            create missing topics; false = refuse to start, naming them
 * @param partitions        partitions of each topic it creates
 * @param replicationFactor replication factor of each topic it creates; 0 = the broker's default
 */
public record TopicCreation(boolean create, int partitions, int replicationFactor) {

    /** Topics are created by others; the job only checks they exist. */
    public static final TopicCreation OFF = new TopicCreation(false, 4, 0);

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
        return !create
                ? "off (topics must exist)"
                : partitions + " partitions, replication "
                        + (replicationFactor == 0 ? "broker default" : replicationFactor);
    }
}
