package dev.gridmint.workloads.diloco;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs independent tasks on a pool and returns their results in submission order, so what the caller does
 * next cannot depend on which thread finished first.
 */
final class InOrder {

    private InOrder() {
    }

    static <T> List<T> run(ExecutorService pool, List<Callable<T>> tasks) {
        List<Future<T>> futures = tasks.stream().map(pool::submit).toList();
        List<T> results = new ArrayList<>(futures.size());
        for (Future<T> f : futures) {
            try {
                results.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a worker", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a worker failed: " + e.getCause(), e.getCause());
            }
        }
        return results;
    }
}
