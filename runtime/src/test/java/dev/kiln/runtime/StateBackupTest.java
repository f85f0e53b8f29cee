package dev.kiln.runtime;

import dev.kiln.runtime.testing.ArrayCount;
import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A backup restores every state buffer bit for bit, and saving and restoring create nothing. */
class StateBackupTest {

    @Test
    void restoresEveryBufferBitForBit() {
        INDArray mean = TestArrays.uniform(1, -1, 1, 5).castTo(DataType.FLOAT);
        INDArray variance = TestArrays.uniform(2, 0, 2, 5);
        INDArray rng = Nd4j.createFromArray(Long.MAX_VALUE - 3, Long.MIN_VALUE + 5);
        List<StateBuffer> buffers = List.of(new StateBuffer("bn", "runningMean", mean),
                new StateBuffer("bn", "runningVar", variance), new StateBuffer("rng", "state", rng));
        StateBackup backup = new StateBackup(buffers);
        INDArray[] saved = {mean.dup(), variance.dup(), rng.dup()};
        mean.assign(Float.NaN);
        variance.muli(3);
        rng.assign(0);
        backup.restore();
        assertEquals(saved[0], mean);
        assertEquals(saved[1], variance);
        assertEquals(Long.MAX_VALUE - 3, rng.getLong(0), "LONG values beyond 2^53 survive exactly");
        assertEquals(Long.MIN_VALUE + 5, rng.getLong(1));

        variance.assign(0.25);
        backup.save();
        variance.assign(4);
        backup.restore();
        assertEquals(Nd4j.valueArrayOf(new long[] {5}, 0.25, DataType.DOUBLE), variance);
    }

    @Test
    void savingAndRestoringCreateNothing() {
        List<StateBuffer> buffers = List.of(new StateBuffer("bn", "runningMean", Nd4j.rand(DataType.FLOAT, 64)),
                new StateBuffer("rng", "state", Nd4j.createFromArray(1L, 2L)));
        StateBackup backup = new StateBackup(buffers);
        backup.save();
        backup.restore();
        assertEquals(0, ArrayCount.during(() -> {
            backup.save();
            backup.restore();
        }));
        assertEquals(0, ArrayCount.nativeObjectsDuring(() -> {
            backup.save();
            backup.restore();
        }));
    }
}
