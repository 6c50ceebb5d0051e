package io.regimestream.model.fast;

/** Thrown inside the compiler when the PMML uses something the fast scorer does not reproduce exactly. */
final class UnsupportedModelException extends Exception {

    UnsupportedModelException(String reason) {
        super(reason, null, false, false);
    }
}
