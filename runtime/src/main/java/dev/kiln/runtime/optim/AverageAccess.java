package dev.kiln.runtime.optim;

import dev.kiln.runtime.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameter average seen from outside the chain: its averaged values, and swapping them into the
 * model for evaluation (reference section 8.3). The average's arrays live in each parameter's slot of
 * {@code table}, at state index {@code index}; this class only reads and exchanges them, and remembers
 * whether a swap is open, during which the chain refuses to train.
 */
final class AverageAccess {
    private boolean swappedIn;

    /** True while a swap is open. */
    boolean swappedIn() {
        return swappedIn;
    }

    /** Exchanges every stepped parameter with its average until the returned swap is closed. */
    WeightSwap swapIn(SlotTable table, int index, List<Parameter> parameters) {
        if (swappedIn) {
            throw new IllegalStateException("the parameter average is already swapped in");
        }
        List<INDArray[]> pairs = new ArrayList<>();
        for (Parameter parameter : parameters) {
            ParameterSlot slot = table.get(parameter.name());
            if (slot != null) {
                pairs.add(new INDArray[] {parameter.value(), slot.state(index)[0]});
            }
        }
        WeightSwap swap = new WeightSwap(pairs, () -> swappedIn = false);
        swappedIn = true;
        return swap;
    }

    /** A copy of the averaged value of the named parameter. */
    static INDArray averageOf(SlotTable table, int index, String parameterName) {
        ParameterSlot slot = table.get(parameterName);
        if (slot == null) {
            throw new IllegalArgumentException("no average of " + parameterName + ": it has not been stepped (or is frozen)");
        }
        return slot.state(index)[0].dup();
    }
}
