package dev.kiln.runtime.optim;

/** Argument checks shared by optimizers, transforms and schedules, with messages that name the setting. */
public final class Checks {
    private Checks() {
    }

    public static double positive(String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be positive and finite, got " + value);
        }
        return value;
    }

    public static double notNegative(String what, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be finite and not negative, got " + value);
        }
        return value;
    }

    /** For decay rates and momentum coefficients: {@code 0 <= value < 1}. */
    public static double fraction(String what, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1), got " + value);
        }
        return value;
    }

    public static long positive(String what, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + value);
        }
        return value;
    }
}
