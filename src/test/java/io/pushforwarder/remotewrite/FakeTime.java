package io.pushforwarder.remotewrite;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/** A clock that moves only when the sender sleeps, so retry tests run at once and see every wait. */
final class FakeTime implements RemoteWriteSender.Sleeper, LongSupplier {

    private volatile long nanos = 1_000_000_000L;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
        nanos += duration.toNanos();
    }

    @Override
    public long getAsLong() {
        return nanos;
    }

    void advance(Duration duration) {
        nanos += duration.toNanos();
    }

    List<Long> sleptMillis() {
        return sleeps.stream().map(Duration::toMillis).toList();
    }
}
