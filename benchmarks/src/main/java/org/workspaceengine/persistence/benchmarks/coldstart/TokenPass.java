package org.workspaceengine.persistence.benchmarks.coldstart;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.File;
import java.io.IOException;

/**
 * The reference of the {@code coldstart} suite, run as a whole process: one Jackson streaming pass over every token of
 * a file, printing the token count. Arguments: the file.
 */
public final class TokenPass {

    private TokenPass() {
    }

    public static void main(String[] args) throws IOException {
        long tokens = 0;
        try (JsonParser parser = new JsonFactory().createParser(new File(args[0]))) {
            while (parser.nextToken() != null) {
                tokens++;
            }
        }
        System.out.println(tokens);
    }
}
