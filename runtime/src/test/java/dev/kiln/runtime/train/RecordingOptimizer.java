package dev.kiln.runtime.train;

import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.optim.Optimizer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Passes everything to another optimizer and records what the training loop told it. */
final class RecordingOptimizer implements Optimizer {
    final List<Double> losses = new ArrayList<>();
    final List<Integer> epochs = new ArrayList<>();
    final List<Double> validationLosses = new ArrayList<>();
    private final Optimizer inner;

    RecordingOptimizer(Optimizer inner) {
        this.inner = inner;
    }

    @Override
    public void step(List<Parameter> parameters) {
        inner.step(parameters);
    }

    @Override
    public long stepCount() {
        return inner.stepCount();
    }

    @Override
    public Map<String, INDArray> saveState() {
        return inner.saveState();
    }

    @Override
    public void loadState(Map<String, INDArray> state) {
        inner.loadState(state);
    }

    @Override
    public void observeLoss(double trainingLoss) {
        losses.add(trainingLoss);
    }

    @Override
    public void onEpochEnd(int epoch, double validationLoss) {
        epochs.add(epoch);
        validationLosses.add(validationLoss);
    }
}
