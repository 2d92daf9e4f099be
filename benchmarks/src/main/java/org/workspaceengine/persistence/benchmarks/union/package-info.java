/** The union store's benchmark: {@link org.workspaceengine.persistence.benchmarks.union.UnionBenchmark}. */
package org.workspaceengine.persistence.benchmarks.union;
