package dev.kiln.runtime.init;

import dev.kiln.dsl.Scheme;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.ir.InitSpec;
import dev.kiln.ir.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Creates initial parameter tensors (reference §5). Values are drawn in Java, in double precision
 * and row-major order, from the given stream (one per parameter, see {@link SeedStreams}), so a
 * seed gives the same weights on every machine and for every data type.
 */
public final class Initializers {
    private static final Map<Scheme, SchemeFill> FILLS = new EnumMap<>(Scheme.class);

    static {
        ConstantFill constant = new ConstantFill();
        FILLS.put(Scheme.ZEROS, constant);
        FILLS.put(Scheme.CONSTANT, constant);
        FILLS.put(Scheme.NORMAL, new NormalFill());
        FILLS.put(Scheme.UNIFORM, new UniformFill());
        FILLS.put(Scheme.TRUNCATED_NORMAL, new TruncatedNormalFill());
        // One fill for the general form and every named instance: they differ only in (scale, fan, distribution).
        VarianceScalingFill varianceScaling = new VarianceScalingFill();
        for (Scheme scheme : Scheme.values()) {
            if (scheme.isVarianceScaling()) {
                FILLS.put(scheme, varianceScaling);
            }
        }
        FILLS.put(Scheme.ORTHOGONAL, new OrthogonalFill());
        FILLS.put(Scheme.IDENTITY, new IdentityFill());
        FILLS.put(Scheme.DIRAC, new DiracFill());
        FILLS.put(Scheme.SPARSE, new SparseFill());
    }

    private Initializers() {
    }

    /**
     * A new tensor of {@code shape} and {@code dataType} initialized per {@code spec}, for a weight that
     * feeds {@code activation}: {@link Scheme#DEFAULT} becomes Kiln's default scheme for it and an unset
     * gain the activation's (√2 for ReLU under Kaiming), as the annotation processor resolves them.
     */
    public static INDArray create(InitSpec spec, ActivationFunction activation, long[] shape, DataType dataType,
                                  SplittableRandom rng) {
        return create(spec.resolveForWeights(activation), shape, dataType, rng);
    }

    /**
     * A new tensor of {@code shape} and {@code dataType} initialized per {@code spec}, which must be
     * concrete: {@link Scheme#DEFAULT} is refused (the annotation processor resolves it per layer), and
     * so is a Kaiming scheme without a gain, whose variance depends on the activation it feeds. Give the
     * gain ({@code withGain(Math.sqrt(2))} for ReLU) or the activation
     * ({@link #create(InitSpec, ActivationFunction, long[], DataType, SplittableRandom)}).
     */
    public static INDArray create(InitSpec spec, long[] shape, DataType dataType, SplittableRandom rng) {
        if (spec.scheme() == Scheme.DEFAULT) {
            throw new IllegalArgumentException("Scheme.DEFAULT must be resolved to a concrete scheme before"
                    + " initialization (InitSpec.resolveForWeights / resolveForBias)");
        }
        if ((spec.scheme() == Scheme.KAIMING_NORMAL || spec.scheme() == Scheme.KAIMING_UNIFORM) && Double.isNaN(spec.gain())) {
            throw new IllegalArgumentException(spec.scheme() + " has no gain, and Kaiming's variance gain^2/fan depends on the"
                    + " activation the weight feeds (gain sqrt(2) for ReLU, 1 for linear): state it with withGain(...), or call"
                    + " Initializers.create(spec, activation, shape, dataType, rng), which takes the activation's gain");
        }
        SchemeFill fill = FILLS.get(spec.scheme());
        if (fill == null) {
            throw new IllegalArgumentException("no initializer for scheme " + spec.scheme());
        }
        if (!dataType.isFPType()) {
            throw new IllegalArgumentException("parameters must have a floating-point type, got " + dataType);
        }
        double[] values = new double[elementCount(shape)];
        fill.fill(values, spec, shape.clone(), rng);
        // Parameters live for the whole run: keep them out of any workspace the caller has open.
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray doubles = Nd4j.create(values, shape, 'c');
            return dataType == DataType.DOUBLE ? doubles : doubles.castTo(dataType);
        }
    }

    /**
     * The initial value of parameter {@code parameter} (e.g. {@code fc1.W}) of {@code model}, drawn
     * from its own stream of {@code seeds}: how generated classes create their parameters. A spec
     * or shape the initializer refuses fails with the model and the parameter named.
     */
    public static INDArray forParameter(String model, String parameter, InitSpec spec, long[] shape, DataType dataType,
                                        SeedStreams seeds) {
        try {
            return create(spec, shape, dataType, seeds.forParameter(parameter));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(model + ": cannot initialize parameter " + parameter + " " + Arrays.toString(shape)
                    + " with " + spec + ": " + e.getMessage(), e);
        }
    }

    private static int elementCount(long[] shape) {
        for (long dimension : shape) {
            if (dimension < 1) {
                throw new IllegalArgumentException("parameter shape must have positive sizes, got " + Arrays.toString(shape));
            }
        }
        long count = Shape.elements(shape);
        if (count > Shape.MAX_ELEMENTS) {
            throw new IllegalArgumentException("parameter " + Arrays.toString(shape) + " has more than the "
                    + Shape.MAX_ELEMENTS + " elements one array can hold");
        }
        return (int) count;
    }
}
