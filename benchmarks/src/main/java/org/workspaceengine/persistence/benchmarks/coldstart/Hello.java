package org.workspaceengine.persistence.benchmarks.coldstart;

/** A JVM that starts and exits: the floor under every whole-process figure of the {@code coldstart} suite. */
public final class Hello {

    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
