package dev.kiln.samples.signal;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Distribution;
import dev.kiln.dsl.FanMode;
import dev.kiln.dsl.Scheme;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.ir.InitSpec;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.init.SeedStreams;
import dev.kiln.runtime.kernels.Activations;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reference §15.1-2: a width-500, 8-layer MLP without biases on N(0, 1) input, float64. Forward:
 * Var(y) = fanIn·Var(w)·Var(x), with E[x²] in place of Var(x) after a ReLU; backward the same with
 * fanOut. So the per-layer statistic follows (kσ²)^ℓ for a linear net and (kσ²/2)^ℓ for a ReLU
 * net; the named schemes pick kσ² from the fans and the gain.
 */
public final class SignalPropagation {
    public static final int WIDTH = 500;
    public static final int DEPTH = 8;
    public static final int BATCH = 1000;

    private static final ActivationFunction LINEAR = ActivationFunction.IDENTITY;
    private static final ActivationFunction RELU = ActivationFunction.of(Activation.RELU);

    private SignalPropagation() {
    }

    /** kσ² in {2/3, 1, 3/2} for linear nets, twice that for ReLU nets: N(0, kσ²/k) weights. */
    public static List<SignalSetting> sweeps() {
        List<SignalSetting> settings = new ArrayList<>();
        for (double c : new double[] {2.0 / 3, 1, 1.5}) {
            settings.add(sweep(LINEAR, c));
        }
        for (double c : new double[] {4.0 / 3, 2, 3}) {
            settings.add(sweep(RELU, c));
        }
        return settings;
    }

    private static SignalSetting sweep(ActivationFunction activation, double kSigmaSquared) {
        String label = (activation.isIdentity() ? "linear" : "relu") + String.format(Locale.ROOT, " k*s^2=%.3g", kSigmaSquared);
        return new SignalSetting(label, activation, InitSpec.normal(0, Math.sqrt(kSigmaSquared / WIDTH)));
    }

    /** Every named scheme on a linear and on a ReLU net, with gains resolved for the activation as Kiln's defaults do. */
    public static List<SignalSetting> namedSchemes() {
        List<SignalSetting> settings = new ArrayList<>();
        for (ActivationFunction activation : List.of(LINEAR, RELU)) {
            double gain = activation.gain();
            List<InitSpec> specs = new ArrayList<>(List.of(
                    InitSpec.of(Scheme.LECUN_NORMAL),
                    InitSpec.of(Scheme.LECUN_UNIFORM),
                    InitSpec.of(Scheme.XAVIER_NORMAL),
                    InitSpec.of(Scheme.XAVIER_UNIFORM),
                    InitSpec.of(Scheme.KAIMING_NORMAL),
                    InitSpec.of(Scheme.KAIMING_UNIFORM).withMode(FanMode.FAN_OUT),
                    InitSpec.varianceScaling(gain * gain, FanMode.FAN_IN, Distribution.TRUNCATED_NORMAL),
                    InitSpec.of(Scheme.ORTHOGONAL),
                    InitSpec.of(Scheme.IDENTITY),
                    // 90% zeros: the 50 non-zero inputs per unit get the whole variance budget gain²/50.
                    InitSpec.sparse(0.9, gain / Math.sqrt(0.1 * WIDTH))));
            if (gain != 1) {
                // Orthogonal's default gain is 1; before a ReLU it needs the activation's gain.
                specs.add(8, InitSpec.of(Scheme.ORTHOGONAL).withGain(gain));
            }
            for (InitSpec spec : specs) {
                InitSpec resolved = spec.resolveForWeights(activation);
                settings.add(new SignalSetting((activation.isIdentity() ? "linear " : "relu ") + resolved, activation, resolved));
            }
        }
        return settings;
    }

    /** Runs one setting: weights from {@code seed}'s per-layer streams, input and top gradient N(0, 1). */
    public static SignalProfile run(SignalSetting setting, long seed) {
        SeedStreams seeds = new SeedStreams(seed);
        InitSpec standard = InitSpec.normal(0, 1);
        long[] batchShape = {BATCH, WIDTH};
        INDArray x = Initializers.create(standard, batchShape, DataType.DOUBLE, seeds.forParameter("input"));
        INDArray[] weights = new INDArray[DEPTH];
        INDArray[] inputs = new INDArray[DEPTH];
        INDArray[] preActivations = new INDArray[DEPTH];
        INDArray[] outputs = new INDArray[DEPTH];
        double[] forward = new double[DEPTH];
        for (int l = 0; l < DEPTH; l++) {
            weights[l] = Initializers.create(setting.init(), new long[] {WIDTH, WIDTH}, DataType.DOUBLE, seeds.forParameter("l" + (l + 1) + ".W"));
            inputs[l] = x;
            preActivations[l] = x.mmul(weights[l]);
            outputs[l] = preActivations[l].ulike();
            Activations.forward(setting.activation(), preActivations[l], outputs[l]);
            forward[l] = setting.rectified() ? secondMoment(outputs[l]) : variance(outputs[l]);
            x = outputs[l];
        }
        INDArray gradient = Initializers.create(standard, batchShape, DataType.DOUBLE, seeds.forParameter("top gradient"));
        double[] backward = new double[DEPTH];
        for (int l = DEPTH - 1; l >= 0; l--) {
            INDArray dz = gradient.ulike();
            Activations.backward(setting.activation(), preActivations[l], outputs[l], gradient, dz);
            gradient = dz.mmul(weights[l].transpose());
            backward[l] = variance(gradient);
        }
        return new SignalProfile(setting, forward, backward);
    }

    static double secondMoment(INDArray a) {
        return a.mul(a).meanNumber().doubleValue();
    }

    static double variance(INDArray a) {
        INDArray centred = a.sub(a.meanNumber().doubleValue());
        return centred.mul(centred).meanNumber().doubleValue();
    }
}
