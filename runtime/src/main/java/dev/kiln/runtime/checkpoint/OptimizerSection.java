package dev.kiln.runtime.checkpoint;

import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.optim.Optimizer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optimizer state of a checkpoint, checked against an optimizer and a model before anything is
 * loaded: the optimizer is configured as the saved one was (its description), and every
 * per-parameter array ({@code <parameter>/<transform>.<state>}) belongs to a parameter of the model
 * and has its shape and dtype, so the optimizer cannot fail later when the parameter next steps.
 */
final class OptimizerSection {
    private final Checkpoint checkpoint;
    private final KilnNet net;

    OptimizerSection(Checkpoint checkpoint, KilnNet net) {
        this.checkpoint = checkpoint;
        this.net = net;
    }

    /** The state to pass to {@link Optimizer#loadState}, decoded, once every check passed. */
    Map<String, INDArray> checked(Optimizer optimizer) {
        if (!checkpoint.hasOptimizerState()) {
            throw new StateMismatchException(checkpoint.source() + " holds no optimizer state; restore the model alone"
                    + " with restore(net), or save with Checkpoint.of(net).optimizer(...)", null);
        }
        if (!optimizer.toString().equals(checkpoint.optimizerDescription())) {
            throw new StateMismatchException(checkpoint.source() + " holds the state of " + checkpoint.optimizerDescription()
                    + ", which cannot continue as " + optimizer + "; configure the optimizer as it was saved", null);
        }
        Map<String, INDArray> parameters = ModelTensors.of(net);
        List<String> problems = new ArrayList<>();
        Map<String, INDArray> state = new LinkedHashMap<>();
        checkpoint.withPrefix(Checkpoint.OPTIMIZER_PREFIX).forEach((key, tensor) -> {
            int slash = key.lastIndexOf('/');
            if (slash > 0) {
                INDArray parameter = parameters.get(key.substring(0, slash));
                if (parameter == null) {
                    problems.add(key + " belongs to no parameter of " + net.graph().name());
                } else if (!TensorComparison.fits(tensor, parameter)) {
                    problems.add(key + " is " + tensor.type() + " " + java.util.Arrays.toString(tensor.shape())
                            + " but its parameter is " + TensorType.of(parameter.dataType()) + " "
                            + java.util.Arrays.toString(parameter.shape()));
                }
            }
            state.put(key, tensor.toArray());
        });
        if (!problems.isEmpty()) {
            throw new StateMismatchException("the optimizer state in " + checkpoint.source() + " does not fit "
                    + net.graph().name() + ": " + problems, null);
        }
        return state;
    }
}
