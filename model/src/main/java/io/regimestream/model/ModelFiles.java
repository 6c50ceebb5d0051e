package io.regimestream.model;

import io.regimestream.common.config.PipelineDefaults;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Reads the model and the {@code model.json} next to it through Flink's {@link FileSystem}, so a
 * location may be a plain path, a {@code file://} URI or any scheme the cluster has a plugin for
 * (s3://, hdfs://, ...).
 */
final class ModelFiles {

    /** A PMML larger than this is not a model of ours; refuse it instead of filling the heap. */
    static final long MAX_MODEL_BYTES = 64L * 1024 * 1024;

    private ModelFiles() {}

    static byte[] readModel(String location) {
        return readIfExists(location, toPath(location))
                .orElseThrow(() -> new ModelException(
                        location, "file not found (pass --model with the path or URI of model.pmml)"));
    }

    /** An announced model, from exactly the location the allow-list admitted. */
    static byte[] readModel(ModelLocation location) {
        return readIfExists(location.toString(), location.toFlinkPath())
                .orElseThrow(() -> new ModelException(
                        location.toString(), "file not found (announce a location every task manager can read)"));
    }

    /** The {@code model.json} in the model's folder, if there is one. */
    static Optional<byte[]> readMetadataNextTo(String location) {
        Path parent = toPath(location).getParent();
        if (parent == null) {
            return Optional.empty();
        }
        Path metadata = new Path(parent, PipelineDefaults.METADATA_FILE);
        return readIfExists(metadata.toString(), metadata);
    }

    static String metadataLocation(String location) {
        Path parent = toPath(location).getParent();
        return parent == null
                ? PipelineDefaults.METADATA_FILE
                : new Path(parent, PipelineDefaults.METADATA_FILE).toString();
    }

    private static Path toPath(String location) {
        if (location == null || location.isBlank()) {
            throw new ModelException("(none)", "no location given (pass --model with the path or URI of model.pmml)");
        }
        try {
            return new Path(location.strip());
        } catch (IllegalArgumentException e) {
            throw new ModelException(location, "not a valid path or URI: " + e.getMessage());
        }
    }

    private static Optional<byte[]> readIfExists(String location, Path path) {
        try {
            FileSystem fs = path.getFileSystem();
            if (!fs.exists(path)) {
                return Optional.empty();
            }
            FileStatus status = fs.getFileStatus(path);
            if (status.isDir()) {
                throw new ModelException(location, "is a directory, expected a file");
            }
            if (status.getLen() > MAX_MODEL_BYTES) {
                throw tooLarge(location, MAX_MODEL_BYTES);
            }
            try (FSDataInputStream in = fs.open(path)) {
                return Optional.of(readAtMost(in, MAX_MODEL_BYTES, location));
            }
        } catch (IOException e) {
            throw new ModelException(location, "cannot be read: " + e, e);
        }
    }

    /**
     * Reads at most {@code limit + 1} bytes, whatever length the file system reported: a device,
     * a pipe or a file still growing reports a length that means nothing (0 for /dev/zero).
     */
    static byte[] readAtMost(InputStream in, long limit, String location) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
        if (bytes.length > limit) {
            throw tooLarge(location, limit);
        }
        return bytes;
    }

    private static ModelException tooLarge(String location, long limit) {
        return new ModelException(location, "is larger than the " + limit + " bytes a model may have");
    }
}
