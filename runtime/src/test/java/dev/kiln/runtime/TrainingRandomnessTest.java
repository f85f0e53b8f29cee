package dev.kiln.runtime;

import dev.kiln.runtime.kernels.DropoutKernel;
import dev.kiln.runtime.kernels.ResidualKernel;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The generator state lives in its array: restoring the array repeats the draws; frozen passes repeat them too. */
class TrainingRandomnessTest {

    /** One pass's draws: a dropout mask of 64 values and a gate of probability 0.5. */
    private static String pass(TrainingRandomness randomness) {
        INDArray mask = Nd4j.create(DataType.FLOAT, 8, 8);
        Random random = randomness.begin();
        DropoutKernel.drawMask(0.5, mask, random);
        boolean gate = ResidualKernel.survives(0.5, random);
        randomness.end();
        return mask + " " + gate;
    }

    @Test
    void restoringTheStateArrayRepeatsTheDraws() {
        TrainingRandomness randomness = new TrainingRandomness(7);
        pass(randomness);
        INDArray saved = randomness.state().dup();
        String next = pass(randomness);
        assertNotEquals(saved, randomness.state(), "a pass advances the state");
        assertNotEquals(next, pass(randomness), "consecutive passes draw differently");
        randomness.state().assign(saved);
        assertEquals(next, pass(randomness));
    }

    @Test
    void frozenPassesRepeatTheDrawsAndLeaveTheStateAlone() {
        TrainingRandomness randomness = new TrainingRandomness(11);
        pass(randomness);
        INDArray state = randomness.state().dup();
        randomness.freeze(true);
        String first = pass(randomness);
        assertEquals(first, pass(randomness));
        assertEquals(state, randomness.state());
        randomness.freeze(false);
        assertEquals(first, pass(randomness), "the first unfrozen pass draws what the frozen ones did");
        assertNotEquals(state, randomness.state());
    }

    @Test
    void aPassThatNeverEndsLeavesTheStateAlone() {
        TrainingRandomness randomness = new TrainingRandomness(13);
        INDArray state = randomness.state().dup();
        DropoutKernel.drawMask(0.5, Nd4j.create(DataType.FLOAT, 4, 4), randomness.begin());
        assertEquals(state, randomness.state());
        assertEquals(DataType.LONG, state.dataType());
        assertEquals(2, state.length());
    }
}
