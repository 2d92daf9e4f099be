/** A small workspace domain, as in the seed: systems, resources, deployments, jobs and the rest. */
package org.workspaceengine.persistence.examples.domain;
