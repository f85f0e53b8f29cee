package dev.kiln.runtime.optim;

import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.optim.transform.AdamScaling;
import dev.kiln.runtime.optim.transform.RadamScaling;
import dev.kiln.runtime.optim.transform.RmsPropScaling;
import org.junit.jupiter.params.ParameterizedTest;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every optimizer against its formula (reference section 9) written out again here in plain Java
 * doubles, element by element: six steps on one weight tensor with gradients that change sign, so
 * the first step and the state carried between steps are both checked.
 */
class GoldenValuesTest {
    private static final double[] THETA0 = {0.5, -1.2, 2.0, 0.8};
    private static final double[][] GRADIENTS = {
            {0.3, -0.7, 0.05, 1.5},
            {0.2, 0.4, 0.05, -1.0},
            {-0.1, 0.3, 0.06, 0.5},
            {-0.2, 0.3, -0.02, 0.7},
            {0.25, -0.5, 0.01, 0.7},
            {0.1, -0.6, -0.03, -0.2},
    };

    /** One step of the hand-written formula on {@code theta}, in place; t is 1-based. */
    interface Formula {
        void step(int t, double[] theta, double[] g);
    }

    record Case(String name, Supplier<Optimizer> optimizer, Supplier<Formula> formula) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("SGD", () -> Optimizers.sgd(0.1), () -> (t, x, g) -> {
                    for (int i = 0; i < x.length; i++) {
                        x[i] -= 0.1 * g[i];
                    }
                }),
                new Case("Momentum", () -> Optimizers.momentum(0.1, 0.9), () -> {
                    double[] v = new double[4];
                    return (t, x, g) -> {
                        for (int i = 0; i < x.length; i++) {
                            v[i] = 0.9 * v[i] - 0.1 * g[i];
                            x[i] += v[i];
                        }
                    };
                }),
                new Case("Nesterov", () -> Optimizers.nesterov(0.1, 0.9), () -> {
                    double[] v = new double[4];
                    return (t, x, g) -> {
                        for (int i = 0; i < x.length; i++) {
                            double vNew = 0.9 * v[i] - 0.1 * g[i];
                            x[i] += -0.9 * v[i] + 1.9 * vNew;
                            v[i] = vNew;
                        }
                    };
                }),
                new Case("AdaGrad", () -> Optimizers.adaGrad(0.1), () -> {
                    double[] s = new double[4];
                    return (t, x, g) -> {
                        for (int i = 0; i < x.length; i++) {
                            s[i] += g[i] * g[i];
                            x[i] -= 0.1 * g[i] / (Math.sqrt(s[i]) + 1e-8);
                        }
                    };
                }),
                new Case("RMSProp", () -> Optimizers.rmsProp(0.01), () -> {
                    double[] s = new double[4];
                    return (t, x, g) -> {
                        for (int i = 0; i < x.length; i++) {
                            s[i] = 0.9 * s[i] + 0.1 * g[i] * g[i];
                            x[i] -= 0.01 * g[i] / (Math.sqrt(s[i]) + 1e-8);
                        }
                    };
                }),
                new Case("RMSProp centered", () -> Optimizers.rmsProp(0.01, new RmsPropScaling(0.8, 1e-8, true)), () -> {
                    double[] s = new double[4];
                    double[] a = new double[4];
                    return (t, x, g) -> {
                        for (int i = 0; i < x.length; i++) {
                            s[i] = 0.8 * s[i] + 0.2 * g[i] * g[i];
                            a[i] = 0.8 * a[i] + 0.2 * g[i];
                            x[i] -= 0.01 * g[i] / (Math.sqrt(s[i] - a[i] * a[i]) + 1e-8);
                        }
                    };
                }),
                new Case("RMSProp with momentum", () -> Optimizers.rmsProp(0.01, Optimizers.RMSPROP, 0.5), () -> {
                    double[] s = new double[4];
                    double[] v = new double[4];
                    return (t, x, g) -> {
                        for (int i = 0; i < x.length; i++) {
                            s[i] = 0.9 * s[i] + 0.1 * g[i] * g[i];
                            v[i] = 0.5 * v[i] - 0.01 * g[i] / (Math.sqrt(s[i]) + 1e-8);
                            x[i] += v[i];
                        }
                    };
                }),
                new Case("Adadelta", () -> Optimizers.adadelta(1.0), () -> {
                    double[] eg = new double[4];
                    double[] edx = new double[4];
                    return (t, x, g) -> {
                        for (int i = 0; i < x.length; i++) {
                            eg[i] = 0.95 * eg[i] + 0.05 * g[i] * g[i];
                            double delta = -Math.sqrt(edx[i] + 1e-6) / Math.sqrt(eg[i] + 1e-6) * g[i];
                            edx[i] = 0.95 * edx[i] + 0.05 * delta * delta;
                            x[i] += 1.0 * delta;
                        }
                    };
                }),
                new Case("Adam", () -> Optimizers.adam(0.01), () -> adam(0.01, 0, true)),
                new Case("Adam without bias correction", () -> Optimizers.adam(0.01, Optimizers.ADAM.biasCorrection(false)),
                        () -> adam(0.01, 0, false)),
                new Case("AdamW", () -> Optimizers.adamW(0.01).weightDecay(0.1), () -> adam(0.01, 0.1, true)),
                new Case("AMSGrad", () -> Optimizers.amsGrad(0.01), () -> {
                    double[] m = new double[4];
                    double[] v = new double[4];
                    double[] vMax = new double[4];
                    return (t, x, g) -> {
                        for (int i = 0; i < x.length; i++) {
                            m[i] = 0.9 * m[i] + 0.1 * g[i];
                            v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                            vMax[i] = Math.max(vMax[i], v[i]);
                            double mHat = m[i] / (1 - Math.pow(0.9, t));
                            double vHat = vMax[i] / (1 - Math.pow(0.999, t));
                            x[i] -= 0.01 * mHat / (Math.sqrt(vHat) + 1e-8);
                        }
                    };
                }),
                new Case("Adamax", () -> Optimizers.adamax(0.002), () -> {
                    double[] m = new double[4];
                    double[] u = new double[4];
                    return (t, x, g) -> {
                        for (int i = 0; i < x.length; i++) {
                            m[i] = 0.9 * m[i] + 0.1 * g[i];
                            u[i] = Math.max(0.999 * u[i], Math.abs(g[i]));
                            x[i] -= 0.002 / (1 - Math.pow(0.9, t)) * m[i] / (u[i] + 1e-8);
                        }
                    };
                }),
                new Case("NAdam", () -> Optimizers.nadam(0.01), () -> {
                    double[] m = new double[4];
                    double[] v = new double[4];
                    return (t, x, g) -> {
                        for (int i = 0; i < x.length; i++) {
                            m[i] = 0.9 * m[i] + 0.1 * g[i];
                            v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                            double vHat = v[i] / (1 - Math.pow(0.999, t));
                            double numerator = 0.9 * m[i] / (1 - Math.pow(0.9, t + 1)) + 0.1 * g[i] / (1 - Math.pow(0.9, t));
                            x[i] -= 0.01 * numerator / (Math.sqrt(vHat) + 1e-8);
                        }
                    };
                }),
                // beta2 = 0.9 makes rho_t cross 4 at t = 5, so both branches run within six steps.
                new Case("RAdam", () -> Optimizers.radam(0.01, new RadamScaling(0.9, 0.9, 1e-8)), () -> {
                    double[] m = new double[4];
                    double[] v = new double[4];
                    return (t, x, g) -> {
                        double rhoInf = 2 / (1 - 0.9) - 1;
                        double rho = rhoInf - 2 * t * Math.pow(0.9, t) / (1 - Math.pow(0.9, t));
                        for (int i = 0; i < x.length; i++) {
                            m[i] = 0.9 * m[i] + 0.1 * g[i];
                            v[i] = 0.9 * v[i] + 0.1 * g[i] * g[i];
                            double mHat = m[i] / (1 - Math.pow(0.9, t));
                            if (rho > 4) {
                                double r = Math.sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho));
                                double vHat = v[i] / (1 - Math.pow(0.9, t));
                                x[i] -= 0.01 * r * mHat / (Math.sqrt(vHat) + 1e-8);
                            } else {
                                x[i] -= 0.01 * mHat;
                            }
                        }
                    };
                }),
                new Case("Lion", () -> Optimizers.lion(1e-3).weightDecay(0.5), () -> {
                    double[] m = new double[4];
                    return (t, x, g) -> {
                        for (int i = 0; i < x.length; i++) {
                            double c = 0.9 * m[i] + 0.1 * g[i];
                            x[i] -= 1e-3 * (Math.signum(c) + 0.5 * x[i]);
                            m[i] = 0.99 * m[i] + 0.01 * g[i];
                        }
                    };
                }),
                new Case("LARS", () -> Optimizers.lars(0.1).l2(0.01), () -> {
                    double[] m = new double[4];
                    return (t, x, g) -> {
                        for (int i = 0; i < x.length; i++) {
                            m[i] = 0.9 * m[i] + 0.1 * (g[i] + 0.01 * x[i]);
                        }
                        double r = norm(x) / (norm(m) + 1e-8);
                        for (int i = 0; i < x.length; i++) {
                            x[i] -= 0.1 * r * m[i];
                        }
                    };
                }),
                new Case("LAMB", () -> Optimizers.lamb(0.01), () -> {
                    double[] m = new double[4];
                    double[] v = new double[4];
                    return (t, x, g) -> {
                        double[] u = new double[4];
                        for (int i = 0; i < x.length; i++) {
                            m[i] = 0.9 * m[i] + 0.1 * g[i];
                            v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                            double mHat = m[i] / (1 - Math.pow(0.9, t));
                            double vHat = v[i] / (1 - Math.pow(0.999, t));
                            u[i] = mHat / (Math.sqrt(vHat) + 1e-6) + 0.01 * x[i];
                        }
                        double r = norm(x) / norm(u);
                        for (int i = 0; i < x.length; i++) {
                            x[i] -= 0.01 * r * u[i];
                        }
                    };
                }),
                new Case("Rprop", Optimizers::rprop, () -> {
                    double[] delta = {0.01, 0.01, 0.01, 0.01};
                    double[] previous = new double[4];
                    return (t, x, g) -> {
                        for (int i = 0; i < x.length; i++) {
                            double gi = g[i];
                            if (gi * previous[i] > 0) {
                                delta[i] = Math.min(delta[i] * 1.2, 50);
                            } else if (gi * previous[i] < 0) {
                                delta[i] = Math.max(delta[i] * 0.5, 1e-6);
                                gi = 0;
                            }
                            x[i] -= delta[i] * Math.signum(gi);
                            previous[i] = gi;
                        }
                    };
                }));
    }

    /** Adam (9.7) and, with decay, AdamW (9.8): lambda applied once, outside the moments. */
    private static Formula adam(double lr, double lambda, boolean correction) {
        double[] m = new double[4];
        double[] v = new double[4];
        return (t, x, g) -> {
            for (int i = 0; i < x.length; i++) {
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                double mHat = correction ? m[i] / (1 - Math.pow(0.9, t)) : m[i];
                double vHat = correction ? v[i] / (1 - Math.pow(0.999, t)) : v[i];
                x[i] -= lr * (mHat / (Math.sqrt(vHat) + 1e-8) + lambda * x[i]);
            }
        };
    }

    private static double norm(double[] x) {
        double sum = 0;
        for (double value : x) {
            sum += value * value;
        }
        return Math.sqrt(sum);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyStepMatchesTheHandComputedFormula(Case c) {
        check(c, Tensors.weight("fc", THETA0), 1e-12);
    }

    /** The same in float32, to the reference's float32 tolerance of about 1e-5 relative. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void float32StepsMatchTheFormulaToFloatPrecision(Case c) {
        INDArray value = Nd4j.create(THETA0, new long[] {THETA0.length}, DataType.FLOAT);
        check(c, new Parameter("fc", "W", Parameter.Kind.WEIGHT, value, value.ulike()), 1e-5);
    }

    /**
     * Parameters that are views into a larger array (a column, not contiguous) take ND4J's general
     * path instead of BLAS; the numbers must not change.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parametersThatAreViewsGiveTheSameValues(Case c) {
        INDArray matrix = Nd4j.zeros(DataType.DOUBLE, THETA0.length, 3);
        INDArray column = matrix.getColumn(1);
        column.assign(Nd4j.create(THETA0));
        INDArray gradients = Nd4j.zeros(DataType.DOUBLE, 2, THETA0.length);
        check(c, new Parameter("fc", "W", Parameter.Kind.WEIGHT, column, gradients.getRow(1)), 1e-12);
        assertEquals(0, matrix.getColumn(0).sumNumber().doubleValue(), "neighbours untouched");
        assertEquals(0, matrix.getColumn(2).sumNumber().doubleValue(), "neighbours untouched");
    }

    private static void check(Case c, Parameter weight, double relativeTolerance) {
        Optimizer optimizer = c.optimizer().get();
        Formula formula = c.formula().get();
        double[] expected = THETA0.clone();
        for (int t = 1; t <= GRADIENTS.length; t++) {
            double[] actual = Tensors.step(optimizer, weight, GRADIENTS[t - 1]);
            formula.step(t, expected, GRADIENTS[t - 1]);
            for (int i = 0; i < expected.length; i++) {
                double tolerance = relativeTolerance * Math.max(1, Math.abs(expected[i]));
                if (Math.abs(actual[i] - expected[i]) > tolerance) {
                    fail(c.name() + " step " + t + " element " + i + ": expected " + expected[i] + " but was " + actual[i]);
                }
            }
            // Every case moves every element on its first step (Rprop and Lion by a fixed amount):
            // a rule that did nothing could not pass.
            if (t == 1) {
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(true, expected[i] != THETA0[i], c.name() + " must move element " + i);
                }
            }
        }
    }
}
