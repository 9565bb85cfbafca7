/** Helpers of the shipped discovery sources. */
package dev.peerage.core.internal.discovery;
