package dev.kiln.samples.state;

import dev.kiln.runtime.ConcurrentModelUseException;
import dev.kiln.runtime.InferenceModel;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.optim.Optimizer;
import dev.kiln.runtime.optim.Sgd;
import dev.kiln.samples.TestArrays;
import dev.kiln.runtime.checkpoint.Checkpoint;
import dev.kiln.runtime.checkpoint.MatchOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One model used from several real threads: concurrent inference returns what each call would return
 * alone (each thread has its own buffers), and training that overlaps any other use is refused with
 * a clear error instead of computing with half-updated weights.
 */
class ConcurrentUseTest {
    private static final int THREADS = 6;
    private static final int CALLS = 100;
    private static final int BATCH = 16;

    @Test
    void concurrentInferenceAtOneBatchSizeReturnsEveryCallsOwnResult() throws Exception {
        StateModels_DenseBnNet net = new StateModels_DenseBnNet(1, DataType.DOUBLE);
        net.trainStep(TestArrays.gaussian(BATCH, 5, 1, 0.3, 1), TestArrays.oneHot(BATCH, 3, 2), new Sgd(0.1));
        assertEverySameAsAlone(net);
        assertEverySameAsAlone(net.freezeForInference());
    }

    /** THREADS threads each call forward CALLS times on inputs of their own and compare with the result computed alone. */
    private static void assertEverySameAsAlone(InferenceModel model) throws Exception {
        List<INDArray> inputs = new ArrayList<>();
        List<INDArray> alone = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            inputs.add(TestArrays.gaussian(BATCH, 5, 1, 0.3, 10 + t));
            alone.add(model.forward(inputs.get(t)).dup());
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> wrong = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                wrong.add(pool.submit(() -> {
                    start.await();
                    int mismatches = 0;
                    for (int call = 0; call < CALLS; call++) {
                        INDArray out = model.forward(inputs.get(thread));
                        mismatches += out.equals(alone.get(thread)) ? 0 : 1;
                    }
                    return mismatches;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> result : wrong) {
                total += result.get(60, TimeUnit.SECONDS);
            }
            assertEquals(0, total, "wrong results among " + THREADS * CALLS + " concurrent forward calls");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void inferenceWhileAnotherThreadTrainsIsRefusedAndSoIsASecondTrainer() throws Exception {
        StateModels_DenseBnNet net = new StateModels_DenseBnNet(2, DataType.DOUBLE);
        INDArray x = TestArrays.gaussian(BATCH, 5, 1, 0.3, 3);
        INDArray y = TestArrays.oneHot(BATCH, 3, 4);
        BlockingOptimizer blocking = new BlockingOptimizer();
        ExecutorService trainer = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "trainer"));
        try {
            Future<Double> step = trainer.submit(() -> net.trainStep(x, y, blocking));
            assertTrue(blocking.inStep.await(30, TimeUnit.SECONDS), "the training step reached the optimizer");
            ConcurrentModelUseException inference = assertThrows(ConcurrentModelUseException.class, () -> net.forward(x));
            assertTrue(inference.getMessage().startsWith("DenseBn: thread '" + Thread.currentThread().getName() + "' calls the model for"
                    + " inference while thread 'trainer' trains it"), inference.getMessage());
            assertTrue(inference.getMessage().contains("freezeForInference()"), inference.getMessage());
            ConcurrentModelUseException training = assertThrows(ConcurrentModelUseException.class, () -> net.computeGradients(x, y));
            assertTrue(training.getMessage().contains("trains the model while thread 'trainer' trains it too"), training.getMessage());
            blocking.release.countDown();
            assertTrue(Double.isFinite(step.get(30, TimeUnit.SECONDS)));
        } finally {
            blocking.release.countDown();
            trainer.shutdownNow();
        }
        INDArray afterwards = net.forward(x).dup();
        assertEquals(afterwards, net.forward(x), "once training is over, inference runs again");
        net.trainStep(x, y, new Sgd(0.1));
    }

    @Test
    void restoringOrFreezingRandomnessWhileAnotherThreadTrainsIsRefusedAndChangesNothing(@TempDir Path dir) throws Exception {
        StateModels_DenseBnNet net = new StateModels_DenseBnNet(8, DataType.DOUBLE);
        INDArray x = TestArrays.gaussian(BATCH, 5, 1, 0.3, 3);
        INDArray y = TestArrays.oneHot(BATCH, 3, 4);
        Path file = dir.resolve("other.safetensors");
        new StateModels_DenseBnNet(9, DataType.DOUBLE).save(file);
        BlockingOptimizer blocking = new BlockingOptimizer();
        ExecutorService trainer = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "trainer"));
        try {
            Future<Double> step = trainer.submit(() -> net.trainStep(x, y, blocking));
            assertTrue(blocking.inStep.await(30, TimeUnit.SECONDS), "the training step reached the optimizer");
            List<INDArray> during = net.parameters().stream().map(p -> p.value().dup()).toList();
            ConcurrentModelUseException restore = assertThrows(ConcurrentModelUseException.class, () -> net.restore(file));
            assertTrue(restore.getMessage().contains("trains the model while thread 'trainer' trains it too"), restore.getMessage());
            assertThrows(ConcurrentModelUseException.class, () -> Checkpoint.read(file).loadMatching(net, MatchOptions.nonStrict()));
            for (int i = 0; i < during.size(); i++) {
                assertEquals(during.get(i), net.parameters().get(i).value(), "the refused load wrote nothing: " + net.parameters().get(i).name());
            }
            blocking.release.countDown();
            assertTrue(Double.isFinite(step.get(30, TimeUnit.SECONDS)));
        } finally {
            blocking.release.countDown();
            trainer.shutdownNow();
        }
        net.restore(file);
        assertEquals(new StateModels_DenseBnNet(9, DataType.DOUBLE).parameters().get(0).value(), net.parameters().get(0).value(),
                "once training is over, the restore goes through");
    }

    @Test
    void trainingWhileAnotherThreadRunsInferenceIsRefused() throws Exception {
        StateModels_DenseBnNet net = new StateModels_DenseBnNet(5, DataType.DOUBLE);
        INDArray x = TestArrays.gaussian(BATCH, 5, 1, 0.3, 6);
        INDArray y = TestArrays.oneHot(BATCH, 3, 7);
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch stop = new CountDownLatch(1);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                running.add(readers.submit(() -> {
                    // A reader that meets a training pass already under way is refused in turn; it
                    // goes on, or both readers could stop before the trainer ever meets one of them.
                    while (stop.getCount() > 0) {
                        try {
                            net.forward(x);
                        } catch (ConcurrentModelUseException e) {
                            assertTrue(e.getMessage().contains("calls the model for inference while thread"), e.getMessage());
                        }
                    }
                    return null;
                }));
            }
            boolean refused = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!refused && System.nanoTime() < deadline) {
                try {
                    net.computeGradients(x, y);
                } catch (ConcurrentModelUseException e) {
                    assertTrue(e.getMessage().contains("trains the model while another thread runs inference on it"), e.getMessage());
                    refused = true;
                }
            }
            stop.countDown();
            assertTrue(refused, "two threads in forward all the time: a training pass meets them");
            for (Future<?> reader : running) {
                reader.get(30, TimeUnit.SECONDS);
            }
        } finally {
            readers.shutdownNow();
        }
    }

    /** Plain SGD whose step waits until released, so the test knows the training step is in progress. */
    private static final class BlockingOptimizer implements Optimizer {
        final CountDownLatch inStep = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final Sgd sgd = new Sgd(0.1);

        @Override
        public void step(List<Parameter> parameters) {
            inStep.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sgd.step(parameters);
        }

        @Override
        public long stepCount() {
            return sgd.stepCount();
        }

        @Override
        public Map<String, INDArray> saveState() {
            return sgd.saveState();
        }

        @Override
        public void loadState(Map<String, INDArray> state) {
            sgd.loadState(state);
        }
    }
}
