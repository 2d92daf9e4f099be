package org.workspaceengine.persistence.cli;

/** A {@code pstore} command: what it does with its parsed arguments. Its class declares its {@code SYNTAX}. */
interface Subcommand {

    /**
     * Runs the command.
     *
     * @return the exit status
     * @throws UsageException when the arguments cannot be right together
     */
    int run(CommandLineParser.Arguments arguments);
}
