package org.workspaceengine.persistence.kafka.broker;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka server of {@code org.apache.kafka:kafka_2.13}: formatting a log directory and running a
 * {@code kafka.server.KafkaRaftServer} in this JVM.
 *
 * <p>Every call into kafka_2.13 is here, and by reflection: that jar has no {@code Automatic-Module-Name} and its file
 * name gives no legal module name ({@code kafka.2.13}), so a named module cannot {@code requires} it. Its classes are
 * public and on the class path, which core reflection may use from any module.
 */
final class KafkaServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaServer.class);

    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    private static final String KAFKA_CONFIG = "kafka.server.KafkaConfig";
    private static final String KAFKA_RAFT_SERVER = "kafka.server.KafkaRaftServer";

    private final Object server;
    private final Method startup;
    private final Method shutdown;
    private final Method awaitShutdown;
    private boolean closed;

    private KafkaServer(Object server) throws NoSuchMethodException {
        this.server = server;
        this.startup = server.getClass().getMethod("startup");
        this.shutdown = server.getClass().getMethod("shutdown");
        this.awaitShutdown = server.getClass().getMethod("awaitShutdown");
    }

    /**
     * Formats the log directories of the node configured in {@code configFile} as a new single-node cluster, as
     * {@code kafka-storage.sh format --standalone} does. {@code configFile} must lie outside those directories.
     */
    static void formatStorage(Path configFile) {
        String[] arguments = {
            "format", "--standalone", "--config", configFile.toString(), "--cluster-id", Uuid.randomUuid().toString()
        };
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream output = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            Method execute = kafkaClass(STORAGE_TOOL).getMethod("execute", String[].class, PrintStream.class);
            exitCode = (Integer) invoke(execute, null, arguments, output);
        } catch (NoSuchMethodException e) {
            throw incompatible(e);
        }
        String output = buffer.toString(StandardCharsets.UTF_8).strip();
        if (exitCode != 0) {
            throw new KafkaBrokerException(
                    "Formatting the storage of " + configFile + " failed with exit code " + exitCode + ": " + output);
        }
        LOG.debug("{}", output);
    }

    /**
     * Starts a broker with {@code properties} (Kafka's {@code server.properties} keys) on log directories that
     * {@link #formatStorage(Path)} formatted. Returns when the server has started; stops it again if it fails.
     */
    static KafkaServer start(Properties properties) {
        KafkaServer server;
        try {
            Class<?> configClass = kafkaClass(KAFKA_CONFIG);
            Object config = invoke(configClass.getMethod("fromProps", Properties.class, boolean.class), null,
                    properties, false);
            Class<?> serverClass = kafkaClass(KAFKA_RAFT_SERVER);
            server = new KafkaServer(
                    serverClass.getConstructor(configClass, Time.class).newInstance(config, Time.SYSTEM));
        } catch (InvocationTargetException e) {
            throw failure("Cannot create the Kafka server", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw incompatible(e);
        }
        try {
            invoke(server.startup, server.server);
        } catch (RuntimeException | Error e) {
            try {
                server.close();
            } catch (RuntimeException stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw e;
        }
        return server;
    }

    /** Shuts the server down and waits until it has; does nothing the second time. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        invoke(shutdown, server);
        invoke(awaitShutdown, server);
    }

    private static Class<?> kafkaClass(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new KafkaBrokerException(
                    "The Kafka server is not on the class path: add org.apache.kafka:kafka_2.13 (" + name + ")", e);
        }
    }

    /** Calls {@code method}; a failure inside it becomes a {@link KafkaBrokerException} with its cause. */
    private static Object invoke(Method method, Object target, Object... arguments) {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw failure(method.getDeclaringClass().getSimpleName() + "." + method.getName() + " failed",
                    e.getCause());
        } catch (IllegalAccessException e) {
            throw incompatible(e);
        }
    }

    /** {@code cause} of a failed call, wrapped; an {@link Error} is rethrown as is. */
    private static KafkaBrokerException failure(String message, Throwable cause) {
        if (cause instanceof Error error) {
            throw error;
        }
        return new KafkaBrokerException(message + ": " + cause, cause);
    }

    private static KafkaBrokerException incompatible(ReflectiveOperationException e) {
        return new KafkaBrokerException("The Kafka server on the class path is not the expected version: " + e, e);
    }
}
