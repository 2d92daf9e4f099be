package org.workspaceengine.persistence.cli;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.workspaceengine.persistence.spi.StoreProvider;

/**
 * {@code pstore uris}: every store URI scheme on the class path with the options its URIs take, as the store
 * declares them (the same declarations as its builder and its README's table).
 */
final class UrisCommand implements Subcommand {

    static final CommandSyntax SYNTAX = CommandSyntax.of("uris",
            "Print every store URI scheme and the options its URIs take.").withoutStore();


    private final PstoreCommand top;

    UrisCommand(PstoreCommand top) {
        this.top = top;
    }

    @Override
    public int run(CommandLineParser.Arguments arguments) {
        PrintStream out = top.io().out();
        List<StoreProvider> providers = ServiceLoader.load(StoreProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(StoreProvider::scheme)).toList();
        for (StoreProvider provider : providers) {
            out.println(provider.scheme() + ":");
            List<String> lines = provider.options().helpLines();
            if (lines.isEmpty()) {
                out.println("  (no options)");
            }
            for (String line : lines) {
                out.println("  " + line);
            }
        }
        return 0;
    }
}
