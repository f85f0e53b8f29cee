package dev.kiln.runtime.optim;

import dev.kiln.runtime.Parameter;

import java.util.List;

/**
 * {@code f(theta) = (scale/2) sum_i a_i (theta_i - c_i)^2}: a separable quadratic whose gradient
 * {@code scale a_i (theta_i - c_i)} is written into the parameter before each step.
 */
final class Quadratic {
    private final double[] curvature;
    private final double[] centre;
    private final double scale;

    Quadratic(double[] curvature, double[] centre, double scale) {
        this.curvature = curvature;
        this.centre = centre;
        this.scale = scale;
    }

    Quadratic(double... curvature) {
        this(curvature, new double[curvature.length], 1);
    }

    void writeGradient(Parameter parameter) {
        double[] theta = Tensors.values(parameter);
        for (int i = 0; i < theta.length; i++) {
            parameter.gradient().putScalar(i, scale * curvature[i] * (theta[i] - centre[i]));
        }
    }

    /** Takes {@code steps} steps and returns theta after each, row per step. */
    double[][] run(Optimizer optimizer, Parameter parameter, int steps) {
        double[][] trajectory = new double[steps][];
        for (int t = 0; t < steps; t++) {
            writeGradient(parameter);
            optimizer.step(List.of(parameter));
            trajectory[t] = Tensors.values(parameter);
        }
        return trajectory;
    }
}
