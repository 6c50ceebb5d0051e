package io.regimestream.model;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.core.fs.Path;

/**
 * A model location reduced to one spelling: scheme and authority in lower case, the path
 * percent-decoded once, {@code .} and {@code ..} resolved, empty segments dropped. The
 * allow-list compares these, segment by segment, and the model is then read from exactly this
 * location, so {@code file:///models/../etc/passwd} or {@code file:///models/%2e%2e/etc/passwd}
 * cannot pass as being under {@code file:///models/}, and what was checked is what is read.
 *
 * @param scheme    e.g. {@code file}, {@code s3}
 * @param authority host (and port) or bucket; empty for {@code file:///...}
 * @param segments  the path's segments, decoded
 */
public record ModelLocation(String scheme, String authority, List<String> segments) implements Serializable {

    public ModelLocation {
        segments = List.copyOf(segments);
    }

    /**
     * @throws IllegalArgumentException saying why {@code location} is no location we read from
     */
    public static ModelLocation parse(String location) {
        URI uri;
        try {
            uri = new URI(location.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URI (" + e.getReason() + ")");
        }
        if (uri.getScheme() == null || uri.isOpaque() || uri.getPath() == null) {
            throw new IllegalArgumentException("is not an absolute URI with a path");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("has a query or fragment, which a model location does not need");
        }
        String authority = uri.getAuthority() == null ? "" : uri.getAuthority().toLowerCase(Locale.ROOT);
        List<String> segments = new ArrayList<>();
        for (String segment : uri.getPath().split("/", -1)) {
            if (segment.contains("%")
                    || segment.contains("\\")
                    || segment.chars().anyMatch(Character::isISOControl)) {
                // still encoded after decoding once (%252e), or a separator of another system: no honest location has
                // these
                throw new IllegalArgumentException(
                        "has a path segment with an escape, backslash or control character after decoding");
            }
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    throw new IllegalArgumentException("climbs above the root with '..'");
                }
                segments.remove(segments.size() - 1);
            } else {
                segments.add(segment);
            }
        }
        return new ModelLocation(uri.getScheme().toLowerCase(Locale.ROOT), authority, segments);
    }

    /** True when this location lies in the folder {@code prefix} (not merely a name that starts alike). */
    public boolean isUnder(ModelLocation prefix) {
        return scheme.equals(prefix.scheme)
                && authority.equals(prefix.authority)
                && segments.size() > prefix.segments.size()
                && segments.subList(0, prefix.segments.size()).equals(prefix.segments);
    }

    public URI toUri() {
        try {
            return new URI(scheme, authority, "/" + String.join("/", segments), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot rebuild " + this, e);
        }
    }

    /**
     * Reads the model here through Flink's file systems, at most 64 MiB whatever size the file system
     * reports.
     *
     * @throws ModelException when it is missing, unreadable or too large
     */
    public byte[] readModel() {
        return ModelFiles.readModel(this);
    }

    /** For Flink's file systems: the very path that was checked (built from the URI, not re-parsed from text). */
    Path toFlinkPath() {
        return new Path(toUri());
    }

    @Override
    public String toString() {
        return toUri().toString();
    }
}
