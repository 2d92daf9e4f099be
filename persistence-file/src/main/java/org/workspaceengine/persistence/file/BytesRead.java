package org.workspaceengine.persistence.file;

import org.workspaceengine.persistence.ProgressListener;

/**
 * Passes a load's progress on to the caller's listener and keeps the bytes it read, for the store's
 * {@link org.workspaceengine.persistence.StoreObserver}: 0 when there was no file.
 */
final class BytesRead implements ProgressListener {

    private final ProgressListener delegate;
    long bytes;

    BytesRead(ProgressListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void onStart(Task task) {
        delegate.onStart(task);
    }

    @Override
    public void onBatch(Task task, long completed) {
        delegate.onBatch(task, completed);
    }

    @Override
    public void onEnd(Task task, long completed) {
        if (task.unit() == Unit.BYTES) { // the scan; the decoding of winners that follows counts changes
            bytes = completed;
        }
        delegate.onEnd(task, completed);
    }
}
