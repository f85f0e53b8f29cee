package dev.kiln.processor;

import dev.kiln.ir.ShapeInference;
import dev.kiln.runtime.ConcurrentModelUseException;
import dev.kiln.runtime.ConcurrentUseGuard;
import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Layerwise;
import dev.kiln.runtime.optim.Sgd;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks that every public call of a generated net that reads or writes its weights and buffers
 * enters the net's concurrency guard: while another thread holds the guard for training, each is
 * refused. Structural and deterministic: the other thread enters the guard itself and waits, so
 * no timing decides the outcome. A method that skips the guard (as the split {@code preActivation}
 * once did) runs instead of throwing, and the check fails naming it.
 */
public final class GuardedCalls {
    private GuardedCalls() {
    }

    public static void assertRefusedWhileAnotherThreadTrains(KilnNet net) {
        ConcurrentUseGuard guard = net.concurrencyGuard();
        INDArray features = Nd4j.zeros(DataType.DOUBLE, net.graph().input().withBatch(2)).castTo(net.dataType());
        INDArray targets = Nd4j.zeros(net.dataType(), ShapeInference.infer(net.graph()).output().withBatch(2));
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("forward", () -> net.forward(features));
        calls.put("loss", () -> net.loss(features, targets));
        calls.put("computeGradients", () -> net.computeGradients(features, targets));
        calls.put("trainStep", () -> net.trainStep(features, targets, new Sgd(1e-3)));
        if (net instanceof Layerwise layerwise) {
            calls.put("preActivation", () -> layerwise.preActivation(features, layerwise.weightLayers().size() - 1));
        }
        calls.put("freezeForInference", () -> invoke(net, "freezeForInference"));

        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> trainerFailure = new AtomicReference<>();
        Thread trainer = new Thread(() -> {
            try {
                guard.enterTraining();
                try {
                    entered.countDown();
                    done.await();
                } finally {
                    guard.exitTraining();
                }
            } catch (Throwable e) {
                trainerFailure.set(e);
                entered.countDown();
            }
        }, "holds-the-guard");
        trainer.start();
        try {
            assertTrue(entered.await(30, TimeUnit.SECONDS), "the other thread entered the guard");
            if (trainerFailure.get() != null) {
                throw new AssertionError("the other thread could not enter the guard", trainerFailure.get());
            }
            calls.forEach((name, call) -> assertThrows(ConcurrentModelUseException.class, call,
                    net.getClass().getSimpleName() + "." + name + " enters the concurrency guard"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            done.countDown();
            join(trainer);
        }
    }

    /** Calls a public method of the generated class, unwrapping what it throws. */
    private static void invoke(Object target, String name) throws Throwable {
        Method method = target.getClass().getMethod(name);
        try {
            method.invoke(target);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
