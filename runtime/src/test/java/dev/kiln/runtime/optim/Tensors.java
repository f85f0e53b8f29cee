package dev.kiln.runtime.optim;

import dev.kiln.runtime.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Parameters built by hand for optimizer tests, in float64 unless stated. */
final class Tensors {
    private Tensors() {
    }

    static Parameter weight(String layer, double... values) {
        return parameter(layer, "W", Parameter.Kind.WEIGHT, values);
    }

    static Parameter bias(String layer, double... values) {
        return parameter(layer, "b", Parameter.Kind.BIAS, values);
    }

    static Parameter parameter(String layer, String role, Parameter.Kind kind, double... values) {
        INDArray value = Nd4j.create(values, new long[] {values.length}, DataType.DOUBLE);
        return new Parameter(layer, role, kind, value, Nd4j.zeros(DataType.DOUBLE, values.length));
    }

    static void setGradient(Parameter parameter, double... gradient) {
        for (int i = 0; i < gradient.length; i++) {
            parameter.gradient().putScalar(i, gradient[i]);
        }
    }

    static double[] values(Parameter parameter) {
        return parameter.value().toDoubleVector();
    }

    /** Sets the gradient, steps, and returns the new values. */
    static double[] step(Optimizer optimizer, Parameter parameter, double... gradient) {
        setGradient(parameter, gradient);
        optimizer.step(java.util.List.of(parameter));
        return values(parameter);
    }
}
