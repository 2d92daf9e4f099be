/**
 * The Java snippets of every README, compiled: each README's {@code ```java} blocks appear in the class named after
 * it, which gives them the names they use (entities, stores, registries) as fields, parameters or nested types.
 * These classes are compiled, never run; {@code ReadmeSnippetsTest} checks that every block is here.
 */
package org.workspaceengine.persistence.examples.readme;
