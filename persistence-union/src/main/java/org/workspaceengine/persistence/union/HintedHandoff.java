package org.workspaceengine.persistence.union;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.spi.DirectoryLock;
import org.workspaceengine.persistence.wire.WireFormat;

/**
 * The hinted handoff of a {@link UnionStore}: one {@link MemberHandoff} per member, each with its backlog, in a
 * directory the union is given ({@link FileBacklog}, one subdirectory per member, locked by a {@link DirectoryLock} on
 * {@value #LOCK_FILE_NAME}) or in memory ({@link MemoryBacklog}). Deliveries run on a pool of daemon threads, one per
 * member at most, that exists only while some member is behind. A read-only union only counts what a directory holds.
 */
final class HintedHandoff implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UnionStore.class);

    /** The backlog directory's lock file, holding the delivering union's {@code pid@host}. */
    static final String LOCK_FILE_NAME = "union.lock";

    /** The most changes a member's durable backlog holds when no limit is set. */
    static final long DEFAULT_DURABLE_LIMIT = 1_000_000;
    /** The most changes a member's backlog in memory holds when no limit is set. */
    static final long DEFAULT_MEMORY_LIMIT = 100_000;
    /** The file in a member's subdirectory that names the member, for people and for warnings. */
    private static final String MEMBER_FILE = "member";

    private final List<Member> members;
    private final Path directory;
    private final boolean readOnly;
    private final Map<Member, MemberHandoff> handoffs = new LinkedHashMap<>();
    private final ScheduledThreadPoolExecutor scheduler;
    private final DirectoryLock lock;

    /**
     * @param directory where durable backlogs live, or null to keep them in memory
     * @param limit the most changes each member's backlog holds, or null for the default
     * @param mapper the mapper entities are written to a durable backlog with, and read back
     * @throws PersistenceException if the directory cannot be created, read or locked
     */
    HintedHandoff(List<Member> members, Path directory, Long limit, boolean readOnly, ObjectMapper mapper,
                  UnionListener listener, int union) {
        this.members = List.copyOf(members);
        this.directory = directory;
        this.readOnly = readOnly;
        if (readOnly) {
            this.scheduler = null;
            this.lock = null;
            return;
        }
        AtomicInteger threads = new AtomicInteger();
        this.scheduler = new ScheduledThreadPoolExecutor(members.size(), task -> {
            Thread thread = new Thread(task, "union-store-" + union + "-handoff-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler.setRemoveOnCancelPolicy(true);
        long max = limit != null ? limit : directory != null ? DEFAULT_DURABLE_LIMIT : DEFAULT_MEMORY_LIMIT;
        if (directory == null) {
            this.lock = null;
            for (Member member : members) {
                handoffs.put(member, new MemberHandoff(member, new MemoryBacklog(max), scheduler, listener));
            }
            return;
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            scheduler.shutdown();
            throw new PersistenceException("cannot create the union's backlog directory " + directory + ": " + e, e);
        }
        try {
            this.lock = lock(directory);
        } catch (RuntimeException e) {
            scheduler.shutdown();
            throw e;
        }
        try {
            WireFormat encoder = WireFormat.create(members.get(0).store().entityTypes(), mapper);
            for (Member member : members) {
                Path memberDirectory = directory.resolve(directoryName(member.name()));
                WireFormat decoder = WireFormat.create(member.store().entityTypes(), mapper);
                MemberBacklog backlog = FileBacklog.open(memberDirectory, member.name(), encoder, decoder, max);
                handoffs.put(member, new MemberHandoff(member, backlog, scheduler, listener));
                nameMember(memberDirectory, member.name());
            }
            warnAboutOtherMembers();
        } catch (RuntimeException e) {
            close(Duration.ZERO);
            throw e;
        }
    }

    /** Starts delivering what the backlogs already hold. */
    void start() {
        handoffs.values().forEach(MemberHandoff::start);
    }

    /** Whether changes wait for {@code member}: its saves must then go to its backlog too. */
    boolean isBehind(Member member) {
        MemberHandoff handoff = handoffs.get(member);
        return handoff != null && handoff.isBehind();
    }

    /** Whether a deletion of {@code namespace} waits in {@code member}'s backlog: its data of it is stale. */
    boolean isDeleting(Member member, String namespace) {
        MemberHandoff handoff = handoffs.get(member);
        return handoff != null && handoff.isDeleting(namespace);
    }

    /** The namespaces whose deletion waits in {@code member}'s backlog. */
    Set<String> namespacesBeingDeleted(Member member) {
        MemberHandoff handoff = handoffs.get(member);
        return handoff == null ? Set.of() : handoff.namespacesBeingDeleted();
    }

    /** How many changes wait for {@code member}. */
    long pending(Member member) {
        MemberHandoff handoff = handoffs.get(member);
        return handoff == null ? 0 : handoff.pending();
    }

    /** Records changes the union acknowledged that {@code member} missed, to deliver when it answers. */
    void record(Member member, Changes changes) {
        MemberHandoff handoff = handoffs.get(member);
        if (handoff != null) {
            handoff.record(changes);
        }
    }

    /** How many changes wait for each member, in member order; a read-only union counts what its directory holds. */
    Map<String, Long> pendingChanges() {
        Map<String, Long> pending = new LinkedHashMap<>();
        for (Member member : members) {
            if (readOnly) {
                pending.put(member.name(), countOnDisk(member));
            } else {
                pending.put(member.name(), handoffs.get(member).pending());
            }
        }
        return Collections.unmodifiableMap(pending);
    }

    /** Whether the backlogs survive a restart. */
    boolean durable() {
        return directory != null;
    }

    /** The backlog directory, or null. */
    Path directory() {
        return directory;
    }

    /** Locks the backlog directory, so that two unions (in one process or two) never deliver the same backlog. */
    private static DirectoryLock lock(Path directory) {
        Path key;
        try {
            key = directory.toRealPath();
        } catch (IOException e) {
            throw new PersistenceException("cannot resolve the union's backlog directory " + directory + ": " + e, e);
        }
        return DirectoryLock.acquire(key, LOCK_FILE_NAME, (locked, pid, host, detail) -> new PersistenceException(
                "backlog directory " + locked + " is in use by another union (" + (pid > 0 ? "process " + pid
                        + (host == null ? "" : " on host " + host) + ", " : "") + detail + ")"));
    }

    /**
     * Stops delivering: no attempt starts from now on; waits up to {@code wait} for attempts running (a delivery to a
     * member that does not answer may take that member's whole timeout: the union closes its members meanwhile,
     * which ends it, and then {@link #close(Duration)} waits for it).
     */
    void stop(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        for (MemberHandoff handoff : handoffs.values()) {
            handoff.stop(Math.max(0, deadline - System.nanoTime()));
        }
        if (scheduler != null) {
            scheduler.shutdown();
        }
    }

    /**
     * {@linkplain #stop Stops} delivering, waiting up to {@code wait} for deliveries running, closes the backlogs and
     * releases the directory. Changes left in memory are lost, and said so.
     */
    void close(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        for (MemberHandoff handoff : handoffs.values()) {
            if (!handoff.stop(Math.max(0, deadline - System.nanoTime()))) {
                LOG.warn("closing the union while a delivery to member {} is still running",
                        handoff.member().quoted());
            }
        }
        if (scheduler != null) {
            scheduler.shutdown();
        }
        for (MemberHandoff handoff : handoffs.values()) {
            long pending = handoff.pending();
            if (pending > 0 && directory == null) {
                LOG.warn("closing the union with {} change(s) not delivered to member {}: its backlog is in memory "
                        + "and is lost (give the union a backlog directory to keep it)", pending,
                        handoff.member().quoted());
            }
            try {
                handoff.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the backlog of union member {} failed: {}", handoff.member().quoted(),
                        MemberMessages.message(e));
            }
        }
        if (lock != null) {
            lock.close();
        }
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }

    private long countOnDisk(Member member) {
        if (directory == null) {
            return 0;
        }
        try {
            return FileBacklog.pendingIn(directory.resolve(directoryName(member.name())));
        } catch (IOException e) {
            throw new PersistenceException("cannot read the backlog of union member " + member.quoted() + " in "
                    + directory + ": " + e, e);
        }
    }

    /**
     * The subdirectory of a member: its name with characters other than letters, digits, '.', '_' and '-' replaced
     * by '_', and a hash of the exact name (so that two names never share one).
     */
    static String directoryName(String member) {
        StringBuilder name = new StringBuilder();
        member.codePoints().limit(64).forEach(c -> name.append(
                c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-') ? (char) c : '_'));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(member.getBytes(StandardCharsets.UTF_8));
            return name + "-" + HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void nameMember(Path memberDirectory, String member) {
        Path file = memberDirectory.resolve(MEMBER_FILE);
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, member + "\n", StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            LOG.debug("cannot write {}", file, e);
        }
    }

    /** Warns about backlogs of members this union does not have (renamed or removed): they are not delivered. */
    private void warnAboutOtherMembers() {
        Set<String> ours = new HashSet<>();
        for (Member member : members) {
            ours.add(directoryName(member.name()));
        }
        List<String> others = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, Files::isDirectory)) {
            for (Path entry : entries) {
                if (!ours.contains(entry.getFileName().toString()) && FileBacklog.pendingIn(entry) > 0) {
                    others.add(entry.getFileName().toString());
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list the backlog directory {}", directory, e);
        }
        if (!others.isEmpty()) {
            LOG.warn("backlog directory {} holds undelivered changes for members this union does not have: {} (a "
                    + "member renamed or removed; they are left in place)", directory, others);
        }
    }
}
