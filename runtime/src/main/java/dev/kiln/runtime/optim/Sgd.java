package dev.kiln.runtime.optim;

import dev.kiln.runtime.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

/** Plain stochastic gradient descent, {@code theta <- theta - lr * g}, in place (one axpy per parameter). */
public final class Sgd implements Optimizer {
    /** Reference section 9: Kiln's default learning rate for SGD. */
    public static final double DEFAULT_LEARNING_RATE = 0.01;

    private final double learningRate;
    private long steps;

    public Sgd(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("SGD learning rate must be positive and finite, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    public Sgd() {
        this(DEFAULT_LEARNING_RATE);
    }

    public double learningRate() {
        return learningRate;
    }

    @Override
    public void step(List<Parameter> parameters) {
        for (Parameter parameter : parameters) {
            INDArray value = parameter.value();
            Nd4j.getBlasWrapper().level1().axpy(value.length(), -learningRate, parameter.gradient(), value);
        }
        steps++;
    }

    @Override
    public long stepCount() {
        return steps;
    }

    @Override
    public Map<String, INDArray> saveState() {
        return Map.of("t", Nd4j.scalar((double) steps));
    }

    @Override
    public void loadState(Map<String, INDArray> state) {
        INDArray t = state.get("t");
        if (t == null) {
            throw new IllegalArgumentException("SGD state has no step counter 't'");
        }
        steps = t.getLong(0);
    }

    @Override
    public String toString() {
        return "SGD(lr=" + learningRate + ")";
    }
}
