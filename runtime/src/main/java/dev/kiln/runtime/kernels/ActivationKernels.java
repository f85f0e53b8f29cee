package dev.kiln.runtime.kernels;

import dev.kiln.dsl.Activation;
import dev.kiln.ir.ActivationFunction;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.DoubleFunction;

/** Maps an {@link ActivationFunction} (kind and resolved parameter) to its kernel. */
final class ActivationKernels {
    private static final Map<Activation, DoubleFunction<ActivationKernel>> FACTORIES = new EnumMap<>(Activation.class);

    static {
        register(Activation.IDENTITY, new IdentityActivation());
        register(Activation.SIGMOID, new SigmoidActivation());
        register(Activation.TANH, new TanhActivation());
        register(Activation.RELU, new ReluActivation());
        FACTORIES.put(Activation.LEAKY_RELU, LeakyReluActivation::new);
        FACTORIES.put(Activation.ELU, EluActivation::new);
        register(Activation.SELU, new SeluActivation());
        register(Activation.GELU, new GeluActivation());
        register(Activation.GELU_TANH, new GeluTanhActivation());
        FACTORIES.put(Activation.SWISH, SwishActivation::new);
        register(Activation.SOFTPLUS, new SoftplusActivation());
        for (Activation kind : Activation.values()) {
            if (!FACTORIES.containsKey(kind)) {
                throw new ExceptionInInitializerError("No activation kernel for " + kind);
            }
        }
    }

    private ActivationKernels() {
    }

    private static void register(Activation kind, ActivationKernel parameterless) {
        FACTORIES.put(kind, parameter -> parameterless);
    }

    static ActivationKernel of(ActivationFunction function) {
        Activation kind = function.kind();
        double parameter = function.parameter();
        if (kind.hasParameter() && !Double.isFinite(parameter)) {
            throw new IllegalArgumentException(kind + " needs a finite " + kind.parameterName()
                    + ", got " + parameter + " (ActivationFunction.of resolves an unset one to the default)");
        }
        return java.util.Objects.requireNonNull(FACTORIES.get(kind), kind::name).apply(parameter);
    }
}
