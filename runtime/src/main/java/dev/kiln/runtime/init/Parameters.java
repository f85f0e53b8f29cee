package dev.kiln.runtime.init;

/** Checks on initializer arguments, so a bad spec fails with the argument named. */
final class Parameters {
    private Parameters() {
    }

    static void requireFinite(String what, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be a finite number, got " + value);
        }
    }

    static void requireNonNegative(String what, double value) {
        if (!(value >= 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be finite and >= 0, got " + value);
        }
    }
}
