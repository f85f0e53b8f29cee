package dev.kiln.runtime.init;

import java.util.Arrays;

/**
 * The fan-in and fan-out of a parameter tensor, the sizes variance-scaling initializers divide by
 * (reference §1.1): dense W [in, out] has fanIn = in, fanOut = out; conv W [outC, inC, kH, kW] has
 * fanIn = inC·kH·kW, fanOut = outC·kH·kW; a bias [n] has both equal to n.
 */
public record Fans(long fanIn, long fanOut) {

    public Fans {
        if (fanIn < 1 || fanOut < 1) {
            throw new IllegalArgumentException("fans must be positive, got fanIn=" + fanIn + ", fanOut=" + fanOut);
        }
    }

    public static Fans of(long[] shape) {
        return switch (shape.length) {
            case 1 -> new Fans(shape[0], shape[0]);
            case 2 -> new Fans(shape[0], shape[1]);
            case 4 -> {
                long receptiveField = shape[2] * shape[3];
                yield new Fans(shape[1] * receptiveField, shape[0] * receptiveField);
            }
            default -> throw new IllegalArgumentException("no fan rule for a rank-" + shape.length + " parameter "
                    + Arrays.toString(shape) + ": expected [n] (bias), [in, out] (dense) or [outC, inC, kH, kW] (conv)");
        };
    }
}
