package dev.kiln.processor.generator;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs work on daemon threads under a time limit, so that a compilation or a net that hangs is
 * abandoned and reported rather than holding the test (a daemon thread left running does not keep
 * the JVM alive).
 */
final class TimeLimit implements AutoCloseable {
    private final ExecutorService threads;
    private final long seconds;

    TimeLimit(String threadName, long seconds) {
        this.seconds = seconds;
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    long seconds() {
        return seconds;
    }

    /** The work's result; a {@link TimeoutException} past the limit, an {@link ExecutionException} when it throws. */
    <T> T call(Callable<T> work) throws TimeoutException, ExecutionException {
        Future<T> running = threads.submit(work);
        try {
            return running.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            throw e;
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for generated-model work", e);
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
