package dev.kiln.samples.fingerprint;

import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.StateBuffer;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.optim.Optimizer;
import dev.kiln.runtime.train.EpochResult;
import dev.kiln.runtime.train.TrainingHistory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A few training steps of one model with one optimizer on seeded synthetic batches, and the
 * fingerprints of what they leave: the losses, every weight and its last gradient, every state
 * buffer (batch-norm running statistics, the dropout generator), every optimizer state array
 * (slots, step counter, plateau state, averages) and the inference output on the first batch.
 */
final class TrainingRun {
    private final int classes;
    private final int batch;
    private final int steps;
    private final int stepsPerEpoch;

    /**
     * @param stepsPerEpoch after how many steps the optimizer hears of an epoch's end (with the loss on
     *                      a held-out batch), so epoch schedules and plateaus act; 0 for never
     */
    TrainingRun(int classes, int batch, int steps, int stepsPerEpoch) {
        this.classes = classes;
        this.batch = batch;
        this.steps = steps;
        this.stepsPerEpoch = stepsPerEpoch;
    }

    Map<String, String> fingerprints(KilnNet net, Optimizer optimizer) {
        Fingerprint losses = new Fingerprint();
        INDArray heldOutFeatures = features(net, 999);
        INDArray heldOutTargets = targets(net, 999);
        for (int step = 1; step <= steps; step++) {
            double loss = net.trainStep(features(net, step), targets(net, step), optimizer);
            losses.add("loss " + step, loss);
            if (stepsPerEpoch > 0 && step % stepsPerEpoch == 0) {
                double validation = net.loss(heldOutFeatures, heldOutTargets);
                losses.add("validation " + step, validation);
                optimizer.onEpochEnd(step / stepsPerEpoch, validation);
            }
        }
        return parts(net, optimizer, losses, features(net, 1));
    }

    /**
     * A fitted run's fingerprints: {@code trained} by {@code fit}, which trains it on {@link #dataset}
     * batches and returns the history, whose losses and metrics are fingerprinted; the optimizer's
     * state too where {@code optimizer} is the one it used (null where the fit made its own).
     */
    Map<String, String> fitFingerprints(KilnNet trained, @org.jspecify.annotations.Nullable Optimizer optimizer,
                                        TrainingHistory history) {
        Fingerprint losses = new Fingerprint();
        for (EpochResult epoch : history.epochs()) {
            losses.add("train loss " + epoch.epoch(), epoch.trainLoss()).add("train accuracy " + epoch.epoch(), epoch.trainAccuracy())
                    .add("test loss " + epoch.epoch(), epoch.testLoss()).add("test accuracy " + epoch.epoch(), epoch.testAccuracy());
        }
        return parts(trained, optimizer, losses, features(trained, 1));
    }

    /** {@code examples} examples drawn like the step batches, from {@code seed}, as one data set. */
    Dataset dataset(KilnNet net, int examples, long seed) {
        TrainingRun whole = new TrainingRun(classes, examples, 0, 0);
        return new Dataset(whole.features(net, seed), whole.targets(net, seed));
    }

    private static Map<String, String> parts(KilnNet net, @org.jspecify.annotations.Nullable Optimizer optimizer,
                                             Fingerprint losses, INDArray probe) {
        Fingerprint weights = new Fingerprint();
        Fingerprint gradients = new Fingerprint();
        for (Parameter parameter : net.parameters()) {
            weights.add(parameter.name(), parameter.value());
            gradients.add(parameter.name(), parameter.gradient());
        }
        Fingerprint state = new Fingerprint();
        for (StateBuffer buffer : net.stateBuffers()) {
            state.add(buffer.name(), buffer.value());
        }
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("losses", losses.hex());
        parts.put("weights", weights.hex());
        parts.put("gradients", gradients.hex());
        parts.put("state", state.hex());
        if (optimizer != null) {
            Fingerprint slots = new Fingerprint();
            optimizer.saveState().forEach(slots::add);
            parts.put("optimizer", slots.hex());
        }
        parts.put("output", new Fingerprint().add("forward", net.forward(probe)).hex());
        return parts;
    }

    /** Batch {@code index}: N(0, 1) features of the model's input shape and data type. */
    private INDArray features(KilnNet net, long index) {
        long[] shape = net.graph().input().withBatch(batch);
        double[] values = new double[Math.toIntExact(dev.kiln.ir.Shape.elements(shape))];
        Random random = new Random(1_000 + index);
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        return Nd4j.create(values, shape, 'c').castTo(net.dataType());
    }

    private INDArray targets(KilnNet net, long index) {
        INDArray array = Nd4j.zeros(net.dataType(), batch, classes);
        Random random = new Random(2_000 + index);
        for (int row = 0; row < batch; row++) {
            array.putScalar(row, random.nextInt(classes), 1.0);
        }
        return array;
    }
}
