package org.workspaceengine.persistence.kafka.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Waits until a broker serves clients: first until its port accepts connections (so that the wait logs no connection
 * warnings), then until an {@link Admin} gets an answer to {@code describeCluster} that lists a node.
 */
final class BrokerReadiness {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

    private BrokerReadiness() {
    }

    /**
     * Returns once the broker at {@code host:port} is ready, or throws {@link KafkaBrokerException} after
     * {@code timeout}. {@code failFast} runs between attempts and throws if the broker can no longer become ready
     * (for example because its process exited).
     */
    static void await(String host, int port, Duration timeout, Runnable failFast) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String address = host + ":" + port;
        awaitPort(host, port, deadline, failFast, timeout);
        Properties config = new Properties();
        config.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address);
        config.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(ATTEMPT_TIMEOUT.toMillis()));
        config.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(ATTEMPT_TIMEOUT.toMillis()));
        config.setProperty(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        Exception lastFailure = null;
        try (Admin admin = Admin.create(config)) {
            while (true) {
                failFast.run();
                try {
                    if (!admin.describeCluster().nodes().get(ATTEMPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    lastFailure = e;
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new KafkaBrokerException(
                            "The broker at " + address + " did not answer within " + timeout, lastFailure);
                }
                pause();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaBrokerException("Interrupted while waiting for the broker at " + address, e);
        }
    }

    private static void awaitPort(String host, int port, long deadline, Runnable failFast, Duration timeout) {
        while (true) {
            failFast.run();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), (int) POLL_INTERVAL.toMillis());
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new KafkaBrokerException(
                            "The broker at " + host + ":" + port + " did not listen within " + timeout, notYet);
                }
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaBrokerException("Interrupted while waiting for a broker", e);
        }
    }
}
