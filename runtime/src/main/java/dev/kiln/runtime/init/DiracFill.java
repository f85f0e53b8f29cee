package dev.kiln.runtime.init;

import dev.kiln.ir.InitSpec;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * DIRAC(gain), reference §5: a conv kernel [outC, inC, kH, kW] with odd kH and kW that copies input
 * channel o to output channel o: W[o, o, kH/2, kW/2] = gain for o < min(outC, inC), 0 elsewhere. A
 * stride-1, same-padded convolution with it returns gain times its input. Draws nothing.
 */
final class DiracFill implements SchemeFill {

    @Override
    public void fill(double[] values, InitSpec spec, long[] shape, SplittableRandom rng) {
        if (shape.length != 4) {
            throw new IllegalArgumentException("DIRAC needs a conv kernel [outC, inC, kH, kW], got " + Arrays.toString(shape)
                    + "; use IDENTITY for a square dense weight");
        }
        if (shape[2] % 2 == 0 || shape[3] % 2 == 0) {
            throw new IllegalArgumentException("DIRAC needs odd kernel sizes (a centre tap), got " + shape[2] + "x" + shape[3]);
        }
        double gain = Double.isNaN(spec.gain()) ? 1.0 : spec.gain();
        Parameters.requireFinite("dirac gain", gain);
        long inC = shape[1];
        long kH = shape[2];
        long kW = shape[3];
        Arrays.fill(values, 0.0);
        long channels = Math.min(shape[0], inC);
        for (long o = 0; o < channels; o++) {
            long index = ((o * inC + o) * kH + kH / 2) * kW + kW / 2;
            values[Math.toIntExact(index)] = gain;
        }
    }
}
