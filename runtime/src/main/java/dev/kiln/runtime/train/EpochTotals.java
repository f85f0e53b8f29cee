package dev.kiln.runtime.train;

/**
 * The running sums of the epoch in progress: what its {@link EpochResult} is computed from. Saved in a
 * checkpoint taken in the middle of an epoch, so the resumed epoch reports what an uninterrupted one would.
 */
final class EpochTotals {
    double lossSum;
    long correct;
    long seen;
    int skipped;
    /** Steps of the epoch done, skipped ones included. */
    int steps;
    /** Wall time of the epoch before the current run of it (non-zero only in a resumed epoch). */
    double earlierSeconds;

    /** A copy with another earlier wall time: what a checkpoint taken now saves. */
    EpochTotals withEarlierSeconds(double seconds) {
        EpochTotals copy = of(toArray());
        copy.earlierSeconds = seconds;
        return copy;
    }

    double[] toArray() {
        return new double[] {lossSum, correct, seen, skipped, steps, earlierSeconds};
    }

    static EpochTotals of(double[] values) {
        if (values.length != 6) {
            throw new IllegalArgumentException("epoch totals have 6 values, got " + values.length);
        }
        EpochTotals totals = new EpochTotals();
        totals.lossSum = values[0];
        totals.correct = (long) values[1];
        totals.seen = (long) values[2];
        totals.skipped = (int) values[3];
        totals.steps = (int) values[4];
        totals.earlierSeconds = values[5];
        return totals;
    }
}
