package org.workspaceengine.persistence.union;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.workspaceengine.persistence.Changes;

/** Records every union event, for assertions. */
final class RecordingListener implements UnionListener {

    /** A degraded load: the namespace and the failures. */
    record Degraded(String namespace, List<MemberFailure> failures) {
    }

    /** A read-repair: the namespace, the member and what was written. */
    record Repair(String namespace, String member, Changes changes) {
    }

    final List<MemberFailure> failures = new CopyOnWriteArrayList<>();
    final List<Degraded> degraded = new CopyOnWriteArrayList<>();
    final List<Repair> repairs = new CopyOnWriteArrayList<>();
    final List<Long> handedOff = new CopyOnWriteArrayList<>();
    final List<String> full = new CopyOnWriteArrayList<>();

    @Override
    public void onMemberFailure(MemberFailure failure) {
        failures.add(failure);
    }

    @Override
    public void onDegradedLoad(String namespace, List<MemberFailure> memberFailures) {
        degraded.add(new Degraded(namespace, memberFailures));
    }

    @Override
    public void onReadRepair(String namespace, String member, Changes repaired) {
        repairs.add(new Repair(namespace, member, repaired));
    }

    @Override
    public void onHandoff(String member, int delivered, long pendingChanges) {
        handedOff.add((long) delivered);
    }

    @Override
    public void onBacklogFull(String member, long pendingChanges) {
        full.add(member + ": " + pendingChanges);
    }
}
