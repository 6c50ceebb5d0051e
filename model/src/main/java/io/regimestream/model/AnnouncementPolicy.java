package io.regimestream.model;

import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.ModelAnnouncementRule;
import io.regimestream.common.signing.AnnouncementSignature;
import io.regimestream.common.signing.SigningKeys;
import java.io.Serializable;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which model announcements the job trusts: the public keys that must have signed them (none =
 * unsigned announcements are accepted, and the job says so at start) and the location prefixes
 * a model may be read from (none = inline models only). Every check of an announcement is made
 * through here by {@link ModelArtifact#fetch}, whoever calls it.
 */
public final class AnnouncementPolicy implements Serializable {

    private static final long serialVersionUID = 1L;

    /** X.509 encodings: what the keys are made from again on a task manager. */
    private final List<byte[]> trustedKeys;

    private final List<ModelLocation> allowedLocations;
    private transient Map<String, PublicKey> keysById;

    private AnnouncementPolicy(List<PublicKey> trustedKeys, List<ModelLocation> allowedLocations) {
        this.trustedKeys = trustedKeys.stream().map(PublicKey::getEncoded).toList();
        this.allowedLocations = List.copyOf(allowedLocations);
    }

    /**
     * @param trustedKeys      announcements must be signed by one of these; empty = unsigned are accepted
     * @param locationPrefixes models may be read from under these; empty = inline only
     * @throws IllegalArgumentException naming a prefix that is no location
     */
    public static AnnouncementPolicy of(List<PublicKey> trustedKeys, List<String> locationPrefixes) {
        List<ModelLocation> allowed = new ArrayList<>();
        for (String prefix : locationPrefixes) {
            try {
                allowed.add(ModelLocation.parse(prefix));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--model-location-allow '" + ModelAnnouncementRule.printable(prefix)
                        + "' " + e.getMessage() + ": give a prefix like file:///models/ or s3://bucket/models/");
            }
        }
        return new AnnouncementPolicy(trustedKeys, allowed);
    }

    /** {@link #of} with the keys read from PEM files ({@code --model-public-key}). */
    public static AnnouncementPolicy load(List<Path> publicKeyFiles, List<String> locationPrefixes) {
        List<PublicKey> keys = new ArrayList<>();
        for (Path file : publicKeyFiles) {
            try {
                keys.add(SigningKeys.readPublicKey(file));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--model-public-key: " + e.getMessage(), e);
            }
        }
        return of(keys, locationPrefixes);
    }

    /** No key, no locations: unsigned inline announcements only (the default). */
    public static AnnouncementPolicy unsignedInlineOnly() {
        return new AnnouncementPolicy(List.of(), List.of());
    }

    /** False when anyone who can write to the control topic can announce a model. */
    public boolean authenticates() {
        return !trustedKeys.isEmpty();
    }

    /**
     * Admits {@code announcement} or says why not: every field valid, signed by a trusted key
     * when keys are configured, and a location (if any) under an allowed prefix. Nothing is read
     * before all of this holds.
     *
     * @return the normalized location to read the model from; empty when the model is inline
     * @throws ModelException naming the announcement's source and the reason
     */
    public Optional<ModelLocation> admit(ModelAnnouncement announcement, long nowMillis) {
        try {
            ModelAnnouncementRule.check(announcement, nowMillis);
        } catch (IllegalArgumentException e) {
            throw new ModelException(sourceOf(announcement), "is not a valid announcement: " + e.getMessage());
        }
        checkSignature(announcement);
        return announcement.isInline() ? Optional.empty() : Optional.of(allowedLocation(announcement));
    }

    private void checkSignature(ModelAnnouncement a) {
        if (!authenticates()) {
            return;
        }
        if (!a.isSigned()) {
            throw new ModelException(
                    a.source(),
                    "is not signed, and this job accepts only announcements signed with a key "
                            + "it trusts (--model-public-key): publish with training's --signing-key");
        }
        Map<String, PublicKey> keys = keysById();
        List<PublicKey> candidates = a.keyId() == null
                ? List.copyOf(keys.values())
                : Optional.ofNullable(keys.get(a.keyId())).map(List::of).orElse(List.of());
        if (candidates.isEmpty()) {
            throw new ModelException(
                    a.source(),
                    "is signed with key " + a.keyId() + ", which this job does not trust " + "(it trusts "
                            + keys.keySet() + "; give the key's public half with --model-public-key)");
        }
        if (candidates.stream().noneMatch(key -> AnnouncementSignature.verifies(a, key))) {
            if (candidates.stream().anyMatch(key -> AnnouncementSignature.signedTheOldWay(a, key))) {
                throw new ModelException(
                        a.source(),
                        "is signed the old way (the signature covers version, sha256 and mode only, so its location, "
                                + "time and drift baseline could have been changed since): this job accepts only "
                                + "signatures of the whole announcement; publish the model again with today's training");
            }
            throw new ModelException(
                    a.source(),
                    "has a signature that does not verify with the trusted key"
                            + (candidates.size() == 1 ? " " : "s ") + keys.keySet()
                            + ": it was signed by another key, or the announcement changed after signing (every field is signed)");
        }
    }

    private ModelLocation allowedLocation(ModelAnnouncement a) {
        if (allowedLocations.isEmpty()) {
            throw new ModelException(
                    a.source(),
                    "is announced by location, but this job reads announced models only inline: "
                            + "start it with --model-location-allow PREFIX to read models from under PREFIX");
        }
        ModelLocation location;
        try {
            location = ModelLocation.parse(a.location());
        } catch (IllegalArgumentException e) {
            throw new ModelException(a.source(), e.getMessage());
        }
        if (allowedLocations.stream().noneMatch(location::isUnder)) {
            throw new ModelException(
                    a.source(),
                    "is not under a location this job may read models from (normalized: " + location + "; allowed: "
                            + allowedLocations + ", --model-location-allow)");
        }
        return location;
    }

    private Map<String, PublicKey> keysById() {
        if (keysById == null) {
            Map<String, PublicKey> byId = new LinkedHashMap<>();
            for (byte[] encoded : trustedKeys) {
                PublicKey key = SigningKeys.publicKey(encoded, "a trusted key");
                byId.put(SigningKeys.keyId(key), key);
            }
            keysById = byId;
        }
        return keysById;
    }

    private static String sourceOf(ModelAnnouncement a) {
        // The source quotes the announced location: shown only once it is known to be printable.
        return a.isInline() ? "inline PMML" : "announced by location";
    }

    /** e.g. {@code signed by [3f2a...], locations under [file:///models]}, for the job's configuration text. */
    public String describe() {
        return (authenticates() ? "signed by " + keysById().keySet() : "unsigned accepted (not authenticated)") + ", "
                + (allowedLocations.isEmpty() ? "inline only" : "inline or under " + allowedLocations);
    }

    @Override
    public String toString() {
        return "AnnouncementPolicy[" + describe() + "]";
    }
}
